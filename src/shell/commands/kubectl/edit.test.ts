/**
 * `kubectl edit` with a scripted editor: each test edits the file the way a student would in the
 * editor drawer, and checks what kubectl prints (texts from kubectl's editoptions.go) and what the
 * API server holds afterwards.
 */
import { describe, it, expect } from 'vitest';
import { LabSession } from '../../lab-session';
import type { EditorFile } from '../../context';
import { storeGet } from '../../../emulator/k8s/objects';
import { fsRead } from '../../../emulator/fs';

const HEADER = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;

async function withDeployment() {
  const session = LabSession.create({ time: 'instant', scenario: 'installed' });
  const term = session.openTerminal();
  await session.exec(term, 'kubectl create deployment web --image=nginx', () => undefined);
  return { session, term };
}

/** Runs `line` with an editor that answers each opened file with `edits[i](file)`. */
async function editWith(session: LabSession, term: number, line: string, edits: ((f: EditorFile) => string | null)[]) {
  const opened: EditorFile[] = [];
  let out = '';
  let err = '';
  const r = await session.exec(
    term,
    line,
    (c) => (c.stream === 'stdout' ? (out += c.text) : (err += c.text)),
    async (f) => {
      opened.push(f);
      const edit = edits[opened.length - 1];
      return edit ? edit(f) : null;
    },
  );
  return { status: r.exitCode, out, err, opened };
}

const replicas = (session: LabSession) => storeGet(session.world.state.api, 'Deployment', 'default', 'web')?.spec.replicas;

describe('kubectl edit', () => {
  it('opens the object under kubectl\'s header in a /tmp file and applies a saved change', async () => {
    const { session, term } = await withDeployment();
    const r = await editWith(session, term, 'kubectl edit deployment web', [(f) => f.content.replace('replicas: 1', 'replicas: 3')]);
    expect(r.opened).toHaveLength(1);
    const file = r.opened[0];
    expect(file.path).toMatch(/^\/tmp\/kubectl-edit-[a-z0-9]{5}\.yaml$/);
    expect(file.content.startsWith(HEADER + 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n')).toBe(true);
    expect(file.content).toContain('\n  replicas: 1\n');
    expect(r).toMatchObject({ status: 0, out: 'deployment.apps/web edited\n', err: '' });
    expect(replicas(session)).toBe(3);
    // kubectl removes its file once the edit went through.
    expect(fsRead(session.world.node(file.node)!.fs, file.path)).toBe('ENOENT');
  });

  it('says "Edit cancelled, no changes made." when the editor closes on the same object', async () => {
    const { session, term } = await withDeployment();
    // Comments and layout do not count: kubectl compares the YAML as JSON.
    const r = await editWith(session, term, 'kubectl edit deploy/web', [(f) => f.content.replace(/^#.*\n/gm, '') + '\n# a note\n']);
    expect(r).toMatchObject({ status: 0, out: '', err: 'Edit cancelled, no changes made.\n' });
    expect(replicas(session)).toBe(1);
  });

  it('reopens an invalid edit with the API server\'s reasons in the header; a fixed one is applied', async () => {
    const { session, term } = await withDeployment();
    const r = await editWith(session, term, 'kubectl edit deployment web', [
      (f) => f.content.replace('replicas: 1', 'replicas: -1'),
      (f) => f.content.replace('replicas: -1', 'replicas: 2'),
    ]);
    expect(r.opened).toHaveLength(2);
    expect(r.opened[1].content.startsWith(
      HEADER +
        '# deployments.apps "web" was not valid:\n' +
        '# * spec.replicas: Invalid value: -1: must be greater than or equal to 0\n' +
        '#\n' +
        'apiVersion: apps/v1\n',
    )).toBe(true);
    expect(r.opened[1].path).not.toBe(r.opened[0].path);
    expect(r).toMatchObject({ status: 0, err: 'error: deployments.apps "web" is invalid\n', out: 'deployment.apps/web edited\n' });
    expect(replicas(session)).toBe(2);
  });

  it('gives up on an invalid edit closed again unchanged: the object stays, the text is kept, exit 1', async () => {
    const { session, term } = await withDeployment();
    const r = await editWith(session, term, 'kubectl edit deployment web', [(f) => f.content.replace('replicas: 1', 'replicas: -1'), (f) => f.content]);
    const kept = r.opened[1].path;
    expect(r.status).toBe(1);
    expect(r.err).toBe(
      'error: deployments.apps "web" is invalid\n' +
        `A copy of your changes has been stored to "${kept}"\n` +
        'error: Edit cancelled, no valid changes were saved.\n',
    );
    expect(replicas(session)).toBe(1);
    expect(fsRead(session.world.node(r.opened[1].node)!.fs, kept)).toContain('replicas: -1');
    // kubectl gives up before its clean-up of the first pass's file, so that one stays too.
    expect(fsRead(session.world.node(r.opened[0].node)!.fs, r.opened[0].path)).toContain('replicas: -1');
  });

  it('reopens a YAML syntax error with the parser\'s message, without a word on the terminal', async () => {
    const { session, term } = await withDeployment();
    const r = await editWith(session, term, 'kubectl edit deployment web', [
      (f) => f.content.replace('  replicas: 1', '  replicas: 1\n replicas 2'),
      (f) => f.content.replace(' replicas 2\n', ''),
    ]);
    expect(r.opened).toHaveLength(2);
    expect(r.opened[1].content).toMatch(/^# The edited file had a syntax error: error parsing edited-file: error converting YAML to JSON: yaml: line \d+: .+\n#\n/m);
    // The second file holds the student's text without the old header, under the new one.
    expect(r.opened[1].content.match(/Please edit the object below/g)).toHaveLength(1);
    // Closing it unchanged is the "no changes made" of kubectl's first pass: the text is the original.
    expect(r).toMatchObject({ status: 0, err: 'Edit cancelled, no changes made.\n' });
  });

  it('refuses a renamed object, and names the file that keeps the edit', async () => {
    const { session, term } = await withDeployment();
    const r = await editWith(session, term, 'kubectl edit deployment web', [(f) => f.content.replace('name: web\n  namespace', 'name: web2\n  namespace')]);
    expect(r.status).toBe(1);
    expect(r.err).toBe(`A copy of your changes has been stored to "${r.opened[0].path}"\nerror: At least one of apiVersion, kind and name was changed\n`);
    expect(storeGet(session.world.state.api, 'Deployment', 'default', 'web2')).toBeUndefined();
  });

  it('an emptied file aborts the edit', async () => {
    const { session, term } = await withDeployment();
    const r = await editWith(session, term, 'kubectl edit deployment web', [(f) => f.content.replace(/^[^#].*\n/gm, '')]);
    expect(r).toMatchObject({ status: 0, err: 'Edit cancelled, saved file was empty.\n' });
  });

  it('without an editor (the command-line runner) fails as kubectl does when it cannot start one', async () => {
    const { session, term } = await withDeployment();
    let out = '';
    const r = await session.exec(term, 'kubectl edit deployment web', (c) => (out += c.text));
    expect(out).toBe('error: unable to launch the editor "vi"\n');
    expect(r.exitCode).toBe(1);
    const r2 = await session.exec(term, 'KUBE_EDITOR=nano kubectl edit deployment web', (c) => (out = c.text));
    expect(out).toBe('error: unable to launch the editor "nano"\n');
    expect(r2.exitCode).toBe(1);
  });

  it('edits a Calico IPPool by its CRD singular name, and the routes follow', async () => {
    const session = LabSession.create({ time: 'instant', scenario: 'installed' });
    const term = session.openTerminal();
    const r = await editWith(session, term, 'kubectl edit ippool default-ipv4-ippool', [(f) => f.content.replace('ipipMode: Always', 'ipipMode: Never')]);
    expect(r).toMatchObject({ status: 0, out: 'ippool.crd.projectcalico.org/default-ipv4-ippool edited\n' });
    let routes = '';
    await session.exec(term, 'sleep 30; ip route', (c) => (routes += c.text));
    expect(routes).not.toContain('tunl0');
    expect(routes).toMatch(/10\.244\.\d+\.0\/24 via 172\.16\.11\.\d+ dev \w+ proto bird/);
  });

  it('-o json opens the object as JSON, without the header (kubectl leaves it out of JSON)', async () => {
    const { session, term } = await withDeployment();
    const r = await editWith(session, term, 'kubectl edit deployment web -o json', [(f) => f.content.replace('"replicas": 1', '"replicas": 2')]);
    expect(r.opened[0].path).toMatch(/\.json$/);
    expect(r.opened[0].content.startsWith('{\n    "apiVersion": "apps/v1",')).toBe(true);
    expect(r).toMatchObject({ status: 0, out: 'deployment.apps/web edited\n' });
    expect(replicas(session)).toBe(2);
  });

  it('a type without a name opens every object as a List, and only the changed ones are edited', async () => {
    const { session, term } = await withDeployment();
    await session.exec(term, 'kubectl create deployment api --image=nginx', () => undefined);
    const r = await editWith(session, term, 'kubectl edit deployments', [(f) => f.content.replace(/(name: web\n[\s\S]*?replicas: )1/, '$13')]);
    expect(r.opened[0].content).toContain('\nkind: List\n');
    expect(r).toMatchObject({ status: 0, out: 'deployment.apps/api skipped\ndeployment.apps/web edited\n' });
    expect(replicas(session)).toBe(3);
  });

  it('errors as kubectl does for a missing object and for no arguments', async () => {
    const { session, term } = await withDeployment();
    let out = '';
    expect((await session.exec(term, 'kubectl edit deployment nope', (c) => (out += c.text))).exitCode).toBe(1);
    expect(out).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
    out = '';
    expect((await session.exec(term, 'kubectl edit', (c) => (out += c.text))).exitCode).toBe(1);
    expect(out).toMatch(/^error: You must provide one or more resources by argument or filename\./);
  });

  it('Ctrl-C while the editor is open ends kubectl with 130 and changes nothing', async () => {
    const { session, term } = await withDeployment();
    let opened!: () => void;
    const open = new Promise<void>((r) => (opened = r));
    const running = session.exec(term, 'kubectl edit deployment web', () => undefined, () => {
      opened();
      return new Promise<string | null>(() => undefined); // the student never closes it
    });
    await open;
    session.interrupt(term);
    expect((await running).exitCode).toBe(130);
    expect(replicas(session)).toBe(1);
  });

  it('a share link replays the edit with the text the editor was closed with', async () => {
    const { session, term } = await withDeployment();
    await editWith(session, term, 'kubectl edit deployment web', [(f) => f.content.replace('replicas: 1', 'replicas: 4')]);
    const again = await LabSession.replay(session.shareState(), { time: 'instant' });
    expect(storeGet(again.world.state.api, 'Deployment', 'default', 'web')?.spec.replicas).toBe(4);
  });
});

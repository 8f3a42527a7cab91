/**
 * docs/authoring-labs.md shows only real things: its example lab lints clean and its solution
 * passes every check, each predicate example is a valid check on the `installed` scenario, the
 * pack example is the shipped pack and lints clean, and the lint output it quotes is what lint says.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { labLint } from '../src/labs/lint';
import { schemaCheck } from '../src/labs/lint-cli';
import { PREDICATES } from '../src/labs/checks';
import { packCheck } from '../src/labs/pack';
import { labsLoadFromDir } from '../src/labs/load-node';
import { LabSession } from '../src/shell/lab-session';
import type { LabSource } from '../src/labs/types';

const root = fileURLToPath(new URL('..', import.meta.url));
const guide = readFileSync(`${root}docs/authoring-labs.md`, 'utf8');
const bundled = labsLoadFromDir(`${root}labs`);

/** Fenced blocks (``` or ````) with their info string. */
function blocks(md: string): { info: string; body: string }[] {
  const out: { info: string; body: string }[] = [];
  const re = /^(`{3,})(\w*)\n([\s\S]*?)^\1$/gm;
  for (const m of md.matchAll(re)) out.push({ info: m[2], body: m[3] });
  return out;
}

/** The block whose first line names a file, without that line. */
function file(name: string): string {
  const b = blocks(guide).find((x) => x.body.split('\n')[0].includes(name));
  if (!b) throw new Error(`no block for ${name}`);
  return b.body.split('\n').slice(1).join('\n');
}

const example: LabSource = {
  id: 'pure-bgp-example',
  yaml: file('labs/90-pure-bgp-example/lab.yaml'),
  texts: { en: file('labs/90-pure-bgp-example/en.md'), 'zh-CN': file('labs/90-pure-bgp-example/zh-CN.md') },
  path: 'labs/90-pure-bgp-example/lab.yaml',
};

describe('docs/authoring-labs.md', () => {
  it('its example lab lints clean', () => {
    expect(labLint(example, schemaCheck())).toEqual([]);
  });

  it('its example lab starts unmet and its solution passes every check', async () => {
    const labs = [...bundled, example];
    const start = LabSession.create({ lab: example.id, labs, time: 'instant' });
    expect(start.labView('en')!.steps.flatMap((s) => s.checks).every((c) => !c.passed && c.evidence)).toBe(true);
    const session = LabSession.create({ lab: example.id, labs, time: 'instant' });
    const term = session.openTerminal();
    for (const step of session.labView('en')!.steps) {
      for (const line of step.solution) expect((await session.exec(term, line, () => {})).exitCode, line).toBe(0);
    }
    expect(session.labView('zh-CN')!.done).toBe(true);
  });

  it('every predicate has an example, and every example is a valid check', () => {
    const snippets = blocks(guide).filter((b) => b.info === 'yaml' && b.body.startsWith('- id:'));
    const checks = snippets.flatMap((b) => parse(b.body) as Record<string, unknown>[]);
    const named = new Set(checks.map((c) => Object.keys(c).find((k) => k !== 'id')!));
    expect([...named].sort()).toEqual(Object.keys(PREDICATES).sort());
    const spec = parse(example.yaml);
    spec.steps = [{ id: 'all', checks }];
    const texts = { en: '# T\n\n## All {#all}\n', 'zh-CN': '# T\n\n## 全部 {#all}\n' };
    const source: LabSource = { id: 'snippets', yaml: JSON.stringify(spec), texts, path: 'docs/authoring-labs.md' };
    expect(labLint(source, schemaCheck())).toEqual([]);
  });

  it('the setup example parses', () => {
    const setup = blocks(guide).find((b) => b.info === 'yaml' && b.body.startsWith('setup:'))!;
    const spec = { ...parse(example.yaml), ...parse(setup.body) };
    expect(labLint({ ...example, yaml: JSON.stringify(spec) }, schemaCheck())).toEqual([]);
  });

  it('its pack example is the shipped pack, and lints clean', () => {
    const shipped = readFileSync(`${root}packs/troubleshooting-workshop.yaml`, 'utf8');
    const shown = file('packs/troubleshooting-workshop.yaml');
    expect(parse(shown)).toEqual(parse(shipped));
    const r = packCheck(shown, { known: bundled.map((l) => l.id), lint: (src) => labLint(src, schemaCheck()) });
    expect(r.ok).toBe(true);
  });

  it('the lint messages it quotes are the ones lint prints', () => {
    const good = bundled.find((l) => l.id === 'deploy-calico')!;
    const badNode = { ...good, yaml: good.yaml.replace('route: { node: k8s-master01, dst: 10.244.0.0/24', 'route: { node: k8s-master09, dst: 10.244.0.0/24') };
    const badText = { ...good, texts: { ...good.texts, 'zh-CN': good.texts['zh-CN']!.replace('{#ippool}', '{#pool}') } };
    const printed = [...labLint(badNode, schemaCheck()), ...labLint(badText, schemaCheck())].map((p) => `${p.file}:${p.line}: ${p.message}`);
    const quoted = blocks(guide).find((b) => b.body.startsWith('labs/01-deploy-calico/'))!.body.trim().split('\n');
    expect(quoted).toHaveLength(2);
    for (const line of quoted) expect(printed).toContain(line);
  });
});

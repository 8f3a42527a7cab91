/**
 * `ssh NODE 'LINE'` runs LINE as the node's `bash -c LINE` (src/shell/remote-bash.ts): each case's
 * LINE is typed into our terminal behind `ssh k8s-node01 '…'` and given to the real bash on this
 * machine as `bash -c LINE`; stdout, stderr (`bash: line 1: …`, `bash: -c: line 1: …`) and the exit
 * status must agree. `before` runs first in our terminal only: what it sets must not reach the node.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { ourTerminal, realAnswers } from './support/shell-oracle';

const bash = spawnSync('bash', ['-c', 'echo $BASH_VERSION'], { encoding: 'utf8' });
const hasBash = bash.status === 0 && bash.stdout.startsWith('5.');

const CASES: { remote: string; before?: string }[] = [
  { remote: 'nosuchcmd' },
  { remote: 'echo hi | nosuchcmd' },
  { remote: 'echo a; nosuchcmd; echo b' },
  { remote: 'cd /nonexistent' },
  { remote: 'cd /nonexistent; echo $?' },
  { remote: 'echo )' },
  { remote: 'if true' },
  { remote: 'if true; then echo y; fi; for' },
  { remote: 'echo "abc' },
  { remote: 'echo a\nnosuchcmd\n)' },
  { remote: 'echo a\necho "abc\nd' },
  { remote: 'echo one\nif true\nthen' },
  { remote: 'cat <<EOF\nbody' },
  { remote: 'exit 3' },
  { remote: 'echo before; exit 4; echo after' },
  { remote: 'true && exit 5' },
  { remote: '((1/0))' },
  { remote: 'return' },
  { remote: 'local x=1' },
  { remote: 'break; echo $?' },
  { remote: '/nonexistent' },
  { remote: 'f() { nosuchcmd; }; f' },
  { remote: 'echo x\nf() { cd /nope; }; f' },
  { remote: 'echo ${X:-unset}; type f; alias ll; echo $?', before: 'X=1; f() { :; }; alias ll="ls -l"' },
  { remote: 'cd /tmp; pwd; echo $HOME' },
  { remote: 'x=1; echo $x; echo $TERM' },
];

/** The text inside single quotes of our command line. */
function quoted(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

const oracle = realAnswers(CASES.map((c) => c.remote), { name: 'ssh-remote', stdinNull: true });

describe.skipIf(!hasBash)('ssh NODE LINE answers as the node\'s bash -c LINE (bash 5.2)', () => {
  it.each(CASES.map((c) => [c.remote.replace(/\n/g, ' ⏎ '), c]))('%s', async (_name, c) => {
    const ours = ourTerminal(c.before);
    const got = await ours(`ssh k8s-node01 ${quoted(c.remote)}`.split('\n'));
    const want = oracle()[CASES.indexOf(c)];
    expect({ out: got.out, err: got.err, status: got.status }).toEqual(want);
  });
});

describe('ssh NODE LINE leaves this shell as it was', () => {
  it('the remote exit, cd and assignments stay on the node', async () => {
    const ours = ourTerminal();
    const got = await ours(["ssh k8s-node01 'X=5; cd /tmp; exit 3'; echo rc=$? X=$X; pwd; hostname", 'ssh k8s-node01 exit 4; echo rc=$?; hostname']);
    expect(got).toEqual({ out: 'rc=3 X=\n/root\nk8s-master01\nrc=4\nk8s-master01\n', err: '', status: 0, prompts: ['$ ', '$ '] });
  });
});

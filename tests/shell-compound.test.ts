/**
 * Compound commands against the real bash on this machine: each case is typed into our terminal
 * line by line (every line but the last must leave the `> ` prompt) and given to `bash -c` as
 * one text; stdout, stderr and the exit status must agree. bash -c names its errors
 * `bash: -c: line 1: …` and repeats the line; an interactive shell, which our terminal is, says
 * `bash: …` only, so those two differences are taken out of the oracle's answer.
 *
 * Only pure-shell constructs and commands that exist here (echo, printf, test, seq, true, false)
 * are used, so nothing depends on the cluster.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { LabSession } from '../src/shell/lab-session';
import { LOOP_ITERATION_LIMIT } from '../src/shell/interpreter';
import { ourTerminal, realAnswers, interactiveBashErrors } from './support/shell-oracle';

const bash = spawnSync('bash', ['-c', 'echo $BASH_VERSION'], { encoding: 'utf8' });
const hasBash = bash.status === 0 && bash.stdout.startsWith('5.');

/** Each case: the lines a student types (a multi-line construct is several). */
const CASES: string[][] = [
  // for
  ['for i in 1 2 3; do echo $i; done'],
  ['for n in $(seq 3); do echo "node-$n"; done'],
  ['for i in a b', 'do', '  echo "<$i>"', 'done'],
  ['for i in; do echo never; done; echo $?'],
  ['false; for i in; do :; done; echo $?'],
  ['for 1 in a; do :; done; echo $?'],
  ['for i in 1 2 3; do for j in a b; do echo $i$j; continue 2; done; done'],
  ['for i in 1 2 3; do if [ $i = 2 ]; then break; fi; echo $i; done; echo after'],
  ['for i in 1 2; do echo $i; break 5; done; echo $?'],
  ['for i in 1; do break 0; done; echo $?'],
  ['for i in 1; do break x; done; echo not reached'],
  ['for x in "a b" c; do echo "[$x]"; done'],
  ['for f in /nonexistent/*; do echo "$f"; done'],
  // while / until
  ['i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); done'],
  ['i=3; until [ $i -eq 0 ]; do echo $i; i=$((i - 1)); done'],
  ['while false; do :; done; echo $?'],
  ['while true; do echo once; break; done; echo $?'],
  ['printf "a b\\nc d\\n" | while read x y; do echo "$y-$x"; done'],
  ['printf "one\\ntwo" | while read l; do echo "$l"; done'],
  ['printf "x\\n" | { read a; echo "got $a"; }'],
  ['n=0; printf "1\\n2\\n" | while read l; do n=$l; done; echo "n=$n"'],
  // if
  ['if true; then echo yes; fi'],
  ['if false; then echo a; elif true; then echo b; else echo c; fi'],
  ['if false', 'then', '  echo a', 'else', '  echo b', 'fi'],
  ['if false; then :; fi; echo $?'],
  ['if (exit 4); then :; else echo $?; fi'],
  ['if [ -f /etc/hosts ] && [ ! -d /etc/hosts ]; then echo file; fi'],
  // case
  ['case abc in a*) echo A;; *) echo B;; esac'],
  ['case x in y) echo y;; esac; echo $?'],
  ['case "$HOME" in /root|/home/*) echo home;; *) echo other;; esac'],
  ['case x in x) echo 1;& y) echo 2;; z) echo 3;; esac'],
  ['case x in x) echo 1;;& x) echo 2;; esac'],
  ['case b in', '  a) echo A ;;', '  b) echo B ;;', 'esac'],
  ['case 5 in [0-9]) echo digit;; esac'],
  ['case "*" in "*") echo star;; esac'],
  // subshells and groups
  ['( cd /tmp; pwd ); pwd | sed "s@.*/@@" | head -c 0; echo done'],
  ['x=1; ( x=2; echo $x ); echo $x'],
  ['( exit 3 ); echo $?'],
  ['{ echo a; echo b; } | wc -l'],
  ['{ echo a; false; }; echo $?'],
  ['{ echo in; } && echo and || echo or'],
  ['! { true; }; echo $?'],
  // test, [ ], [[ ]]
  ['[ 1 -lt 2 ] && echo lt'],
  ['[ abc = abc ]; echo $?'],
  ['[ -z "" ] && [ -n x ]; echo $?'],
  ['[ 1 -eq ]; echo $?'],
  ['[ a -lt 1 ]; echo $?'],
  ['[ 1 = 1; echo $?'],
  ['test; echo $?'],
  ['test -e /nonexistent; echo $?'],
  ['[ a b c ]; echo $?'],
  ['[ ! a = b ]; echo $?'],
  ['[ a = a -a b = c ]; echo $?'],
  ['[[ abc == a* ]] && echo match'],
  ['[[ abc == "a*" ]]; echo $?'],
  ['[[ -n $UNSET_VAR ]]; echo $?'],
  ['[[ 10 -gt 9 && ! -e /nonexistent ]]; echo $?'],
  ['[[ foo =~ ^f(o+)$ ]]; echo $?'],
  ['[[ 1 ]] && echo next'],
  ['[[ x =~ "x|y" ]]; echo $?'],
  ['[[ ab =~ ^(a|b)+$ ]] && echo re'],
  // arithmetic and seq
  ['echo $((1 + 2 * 3)) $((7 / 2)) $((7 % 3)) $((2 ** 10)) $((-5 + 1))'],
  ['i=5; echo $((i++)) $i $((++i)) $((i += 10)) $i'],
  ['echo $((1 < 2 && 3 > 2)) $((0 || 0)) $((5 ? 10 : 20))'],
  ['echo $((1/0)); echo after'],
  // parameter operators
  ['n=node/k8s-node01; echo ${n#node/} ${n#*-} ${n##*-} ${n%0*} ${n%%-*} ${#n}'],
  ['f=calico.yaml; echo ${f%.yaml}.json ${f/yaml/json} ${f//a/A} ${f:0:6} ${f: -4}'],
  ['echo ${unset:-default} ${unset-x} "${unset:+alt}" ${HOME:+set}; echo ${v:=assigned}; echo $v'],
  ['echo ${x!y}; echo after'],
  ['case $((2/0)) in *) echo x;; esac; echo after'],
  ['seq 3'],
  ['seq 2 4'],
  ['seq 1 2 7'],
  ['seq 5 1; echo $?'],
  ['seq -w 8 10'],
  ['seq -s, 3'],
  ['seq 0 0.5 2'],
  ['seq'],
  ['seq a'],
  ['seq 1 0 5'],
  ['seq -s " " 3 -1 1'],
  // break and continue outside loops, and syntax errors
  ['break; echo $?'],
  ['continue 2; echo $?'],
  ['done'],
  ['for i in 1 2; do done'],
  ['for i in 1 2; echo; done'],
  ['if true; then fi'],
  ['if true; fi'],
  ['if; then :; fi'],
  ['while true; do :; done; done'],
  ['( )'],
  ['fi'],
  ['then'],
  ['esac'],
  ['}'],
  [')'],
  ['echo a ('],
  ['echo a )'],
  ['if true then echo; fi'],
  ['for i in a b c do echo; done'],
  ['x=1 for i in 1; do :; done'],
  ['echo a; ;'],
  ['echo a;;'],
  ['for'],
  ['{ echo a; } x'],
  ['[[ a == ]]'],
  ['[[ 1'],
  ['false; [[ a b ]]; echo $?'],
  ['[[ -f ]]; echo $?'],
  ['[[ ( a ]]'],
  ['[[ a -foo b ]]'],
  // $(…) is a subshell whose errors reach the terminal and whose status is $?
  ['echo "x$(cat /nonexistent)y"'],
  ['x=$(cat /nonexistent); echo "[$x] $?"'],
  ['x=$(false); echo $?'],
  ['true; echo $? $(false) $?'],
  ['echo "a$(echo hi; exit 2)b" $?'],
  ['cd /; echo $(cd /tmp; pwd); pwd'],
  ['y=1; echo $(y=5; echo $y); echo "y=$y"'],
];

const ours = ourTerminal();
let shared: LabSession | null = null;
const oracle = realAnswers(CASES.map((lines) => lines.join('\n')), { name: 'bash', errors: interactiveBashErrors });

describe.skipIf(!hasBash)('compound commands print and exit as bash 5.2 does', () => {
  it.each(CASES.map((lines) => [lines.join(' ⏎ '), lines]))('%s', async (_name, lines) => {
    const got = await ours(lines);
    const want = oracle()[CASES.indexOf(lines)];
    // Every line but the last leaves the construct open: the terminal shows PS2.
    expect(got.prompts).toEqual([...lines.slice(1).map(() => '> '), '$ ']);
    expect({ out: got.out, err: got.err, status: got.status }).toEqual(want);
  });
});

describe('loops never hold the shell forever', () => {
  it('a busy loop is interrupted at the iteration limit, as if Ctrl-C had been pressed', async () => {
    const got = await ours(['n=0; while true; do n=$((n+1)); done; echo not reached', 'echo $n']);
    expect(got.out).toBe(`^C${LOOP_ITERATION_LIMIT}\n`);
    expect(got.status).toBe(0);
  });

  it('a busy loop writing into a pipe ends once the reader has its lines (as SIGPIPE ends it)', async () => {
    const got = await ours(['while true; do echo y; done | head -2; echo $?']);
    expect(got.out).toBe('y\ny\n0\n');
  });

  it('a loop that sleeps moves the simulated clock and stops at the wait limit', async () => {
    const session = LabSession.create({ time: 'instant', waitLimitMs: 5_000 });
    const term = session.openTerminal();
    const before = session.world.now;
    let out = '';
    const r = await session.exec(term, 'while true; do date +%s >/dev/null; sleep 1; done', (c) => (out += c.text));
    expect(out).toBe('^C');
    expect(r.exitCode).toBe(130);
    expect(session.world.now - before).toBe(5_000);
  });

  it('Ctrl-C during a loop stops the whole line', async () => {
    const session = LabSession.create({ time: 'instant' });
    const term = session.openTerminal();
    let out = '';
    // The student presses Ctrl-C as the third line appears.
    const r = await session.exec(term, 'for i in $(seq 100); do echo $i; sleep 1; done; echo after', (c) => {
      out += c.text;
      if (out === '1\n2\n3\n') session.interrupt(term);
    });
    expect(out).toBe('1\n2\n3\n');
    expect(r.exitCode).toBe(130);
  });
});

describe('history keeps a multi-line command on one line, as bash does', () => {
  it.each([
    [['for i in 1 2', 'do', 'echo $i', 'done'], 'for i in 1 2; do echo $i; done'],
    [['if true', 'then', 'echo y', 'else', 'echo n', 'fi'], 'if true; then echo y; else echo n; fi'],
    [['case a in', 'a) echo A;;', 'esac'], 'case a in a) echo A;; esac'],
    [['{ echo a', 'echo b', '}'], '{ echo a; echo b; }'],
    [['echo a |', 'cat'], 'echo a | cat'],
    [['while false; do', ':', 'done'], 'while false; do :; done'],
    [['echo a \\', 'b'], 'echo a b'],
    [['echo "x', 'y"'], 'echo "x\ny"'],
  ])('%j', async (lines, entry) => {
    const session = LabSession.create({ time: 'instant' });
    const term = session.openTerminal();
    for (const l of lines) await session.exec(term, l, () => {});
    expect(session.history(term)).toEqual([entry]);
  });
});

describe('tab completion inside compound commands', () => {
  it.each([
    ['for n in 1 2; do kubec', 'kubectl'],
    ['if kubec', 'kubectl'],
    ['while true; do { kubec', 'kubectl'],
    ['( kubec', 'kubectl'],
    ['sleep 1 & kubec', 'kubectl'],
    ['for f in 1; do cat /etc/hos', '/etc/hosts'],
  ])('%s ⇥ offers %s', (line, want) => {
    const session = (shared ??= LabSession.create({ time: 'instant' }));
    const term = session.openTerminal();
    expect(session.complete(term, line, line.length).candidates).toContain(want);
    session.closeTerminal(term);
  });
});

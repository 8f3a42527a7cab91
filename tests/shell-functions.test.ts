/**
 * The rest of the shell language students paste from scripts — backquotes, `(( ))`, C-style
 * `for`, functions with `$1…`/`$@`/`local`/`return`, `shift`, `set --`, `set -x`, aliases, `type`
 * and `source` — against the real bash on this machine, as tests/shell-compound.test.ts does:
 * each case's lines are typed into our terminal one by one and given to bash as one script
 * (with expand_aliases on, since our terminal is interactive), and stdout, stderr and the exit
 * status must agree.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { LabSession } from '../src/shell/lab-session';
import { FUNCTION_NESTING_LIMIT, LOOP_ITERATION_LIMIT } from '../src/shell/interpreter';
import { ourTerminal, realAnswers, interactiveBashErrors } from './support/shell-oracle';

const bash = spawnSync('bash', ['-c', 'echo $BASH_VERSION'], { encoding: 'utf8' });
const hasBash = bash.status === 0 && bash.stdout.startsWith('5.');

const CASES: string[][] = [
  // backquotes
  ['echo `echo hi` "`echo a  b`"'],
  ['echo `echo \\`echo nested\\``'],
  ['x=`echo "q u"`; echo "[$x]"'],
  ["echo `echo 'a)b'`"],
  ['echo "`echo \\"in\\"`"'],
  ['for n in `seq 2`; do echo n$n; done'],
  ['echo `false`; echo $?'],
  // (( )) and for (( ))
  ['(( 2 > 1 )) && echo yes; (( 0 )); echo $?'],
  ['x=5; (( x += 2, y = x * 2 )); echo $x $y'],
  ['((1/0)); echo $?'],
  ['for ((i=0; i<3; i++)); do echo $i; done'],
  ['for (( i = 3; i > 0; i-- ))', 'do', '  echo "count $i"', 'done'],
  ['for ((;;)); do echo once; break; done'],
  ['n=2; for ((i=0; i<n; i++)) do echo $i; done'],
  ['for ((i=0; i<2; i++)); { echo $i; }'],
  ['i=0; while (( i < 3 )); do echo $i; (( i++ )); done'],
  ['for ((i=0;', 'i<2; i++))', 'do echo $i; done'],
  ['((x = 1 +', '2)); echo $x'],
  ['((echo a); echo b)'],
  ['echo `echo a', 'echo b`'],
  // functions
  ['f() { echo "[$1] [$2] $#"; }; f a "b c"'],
  ['f() { for a in "$@"; do echo "<$a>"; done; }; f 1 "2 3" ""'],
  ['f() { for a; do echo "<$a>"; done; }; f x y'],
  ['f() { echo "$*"; echo $@; }; f a b'],
  ['f() { return 3; }; f; echo $?'],
  ['f() { false; return; }; f; echo $?'],
  ['f() { return x; }; f; echo $?'],
  ['f() { local x=in; echo $x; }; x=out; f; echo $x'],
  ['f() { local y; y=2; }; y=1; f; echo $y'],
  ['local a=1; echo $?'],
  ['return; echo $?'],
  ['function g { echo g "$1"; }; g one'],
  ['function h() ( echo sub; exit 4 ); h; echo $?'],
  ['fact() { if (( $1 <= 1 )); then echo 1; else echo $(( $1 * $(fact $(( $1 - 1 ))) )); fi; }; fact 6'],
  ['f() {', '  echo line1', '  echo line2', '}', 'f'],
  ['f()', '{', 'echo x', '}', 'f'],
  ['f() echo hi'],
  ['f() { echo $1; shift; echo $1 $#; }; f a b c'],
  ['f() { shift 5; echo $? $#; }; f a b'],
  ['set -- a b c; echo $# $2; shift 2; echo $@'],
  ['shift x; echo $?'],
  ['f() { echo in f; }; type f'],
  ['f() { for i in 1 2; do echo $i; done; if true; then echo y; fi; }; type f'],
  ['type cd if ls; type nosuch; echo $?'],
  ['type -t echo for; type -t nosuch; echo $?'],
  ['f() { echo "${1:-default}" "${#1}"; }; f; f abc'],
  ['echo ${1:-none} $#'],
  ['X=1 f() { :; }; f() { echo "X=$X"; }; X=2 f; echo "X=$X"'],
  ['f() { echo out; echo err >&2; }; f 2>/dev/null; f > /dev/null'],
  ['f() { echo a; echo b; }; f | wc -l'],
  // aliases
  ['alias hi="echo hello"', 'hi there', 'alias', 'unalias hi', 'hi; echo $?'],
  ['alias ll="ls -d"', 'type ll', 'alias ll; alias nope; echo $?'],
  ['alias a1="echo one; echo two"', 'a1'],
  ['alias e="echo "', 'alias w=world', 'e w'],
  ['alias ls="ls -d"', 'ls /tmp'],
  ['unalias nope; echo $?; unalias; echo $?'],
  ["alias q=\"echo it's\"", 'alias q'],
  // set -x
  ['set -x; echo "a b" c; x=1; set +x; echo off'],
  ['set -x; f() { echo in; }; f; set +x'],
  // here-strings
  ['cat <<< "a  b"; wc -l <<< x'],
  ['read x y <<< "1 2 3"; echo "$y"; v=hi; tr a-z A-Z <<< $v'],
  ["printf '%s|' $'a\\tb' $'it\\'s' $'\\x41\\101' \"$'x'\"; echo"],
  // set -e (in a subshell: our terminal's own shell would close, as bash's does)
  ['( set -e; false; echo not reached ); echo "status $?"'],
  ['( set -e; false || true; if false; then :; fi; ! true; false && true; echo survived; f() { false; echo in-f; }; f; echo not ); echo $?'],
  ['( set -e; x=$(false; echo sub-goes-on); echo "[$x]"; for i in 1 2; do [ $i = 2 ] && break; done; echo loop-ok; true | false; echo no ); echo $?'],
  ['( set -e; while false; do :; done; until true; do :; done; echo ok; set +e; false; echo off )'],
  // source
  ['printf "echo sourced \\$1\\nv=set\\n" > /tmp/s.sh', 'source /tmp/s.sh arg; echo "v=$v"'],
  ['printf "return 7\\necho no\\n" > /tmp/r.sh', '. /tmp/r.sh; echo $?'],
  ['source /nonexistent; echo $?'],
  ['source; echo $?'],
  ['source /tmp; echo $?'],
  // a function or alias defined inside $(…) stays there
  ['x=$(f() { echo in; }; f); echo $x; f; echo $?'],
];

const ours = ourTerminal();
// expand_aliases: our terminal is interactive, where bash expands aliases.
const oracle = realAnswers(CASES.map((lines) => lines.join('\n')), { name: 'bash-fn', bash: 'bash -O expand_aliases', errors: interactiveBashErrors });

describe.skipIf(!hasBash)('functions, aliases, backquotes and (( )) behave as in bash 5.2', () => {
  it.each(CASES.map((lines) => [lines.join(' ⏎ '), lines]))('%s', async (_name, lines) => {
    const got = await ours(lines);
    const want = oracle()[CASES.indexOf(lines)];
    expect({ out: got.out, err: got.err, status: got.status }).toEqual(want);
  });
});

describe('functions never hold the shell forever', () => {
  it('endless recursion stops at the nesting limit and abandons the line, as bash does with FUNCNEST', async () => {
    const got = await ours(['f() { f; }; f; echo not reached', 'echo $?']);
    expect(got.err).toBe(`bash: f: maximum function nesting level exceeded (${FUNCTION_NESTING_LIMIT})\n`);
    expect(got.out).toBe('1\n');
  });

  it('FUNCNEST sets the limit', async () => {
    const got = await ours(['FUNCNEST=5; f() { f; }; f']);
    expect(got.err).toBe('bash: f: maximum function nesting level exceeded (5)\n');
    expect(got.status).toBe(1);
  });

  it('a function that calls itself twice at every level ends at the line\'s step budget', async () => {
    const got = await ours(['f() { (( $1 < 30 )) && { f $(( $1 + 1 )); f $(( $1 + 1 )); }; }; f 0; echo not reached']);
    // 2^30 calls 30 deep would not end today: each call counts against the loops' iteration limit.
    expect(got.out).toBe('^C');
    expect(got.status).toBe(130);
    expect(LOOP_ITERATION_LIMIT).toBeGreaterThan(100);
  });
});

describe('set -e in the terminal', () => {
  it('a failing command ends the shell, as an interactive bash exits', async () => {
    const session = LabSession.create({ time: 'instant' });
    const term = session.openTerminal();
    await session.exec(term, 'set -e', () => {});
    let out = '';
    const r = await session.exec(term, 'false; echo not reached', (c) => (out += c.text));
    expect(out).toBe('');
    expect(r.exitCode).toBe(1);
    expect(r.closed).toBe(true);
  });

  it('after ssh, the failure ends the session on that node only', async () => {
    const session = LabSession.create({ time: 'instant' });
    const term = session.openTerminal();
    await session.exec(term, 'ssh k8s-node01', () => {});
    await session.exec(term, 'set -e', () => {});
    let err = '';
    const r = await session.exec(term, 'ls /nonexistent', (c) => c.stream === 'stderr' && (err += c.text));
    expect(err).toBe("ls: cannot access '/nonexistent': No such file or directory\nConnection to k8s-node01 closed.\n");
    expect(r.node).toBe(session.world.state.nodes[0].name);
    expect(r.closed).toBeFalsy();
    // The first node's shell did not have set -e.
    expect((await session.exec(term, 'false; echo goes on', () => {})).exitCode).toBe(0);
  });
});

describe('Tab completion', () => {
  it('offers the new commands, and the student\'s aliases and functions', async () => {
    const session = LabSession.create({ time: 'instant' });
    const term = session.openTerminal();
    await session.exec(term, 'alias kgp="kubectl get pods"; mycheck() { :; }', () => {});
    expect(session.complete(term, 'aw', 2).candidates).toEqual(['awk']);
    expect(session.complete(term, 'xa', 2).candidates).toEqual(['xargs']);
    expect(session.complete(term, 'colu', 4).candidates).toEqual(['column']);
    expect(session.complete(term, 'kgp', 3).candidates).toEqual(['kgp']);
    expect(session.complete(term, 'mych', 4).candidates).toEqual(['mycheck']);
  });
});

/**
 * awk against the awk on this machine (mawk 1.3.4 20200120, the one Ubuntu 22.04 ships and the
 * lab's nodes run): each case is a shell line of printf/echo into awk, run by the real bash and
 * by our terminal; stdout, stderr and the exit status must agree. Skipped where the machine's
 * awk is another one.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { ourTerminal, realAnswers } from './support/shell-oracle';
import type { Answer } from './support/shell-oracle';

const version = spawnSync('awk', ['-W', 'version'], { encoding: 'utf8' });
const hasMawk = version.status === 0 && version.stdout.startsWith('mawk 1.3.4 20200120');

/** kubectl-like output the cases read (written to /tmp/pods on both sides). */
const PODS = `NAMESPACE     NAME                                       READY   STATUS    RESTARTS   AGE   IP              NODE
kube-system   calico-kube-controllers-658d97c59c-8xq2f   1/1     Running   0          12m   10.244.32.129   k8s-master01
kube-system   calico-node-7hx8k                          1/1     Running   0          12m   172.16.11.81    k8s-node01
kube-system   calico-node-kz5qv                          0/1     Pending   2          12m   172.16.11.82    k8s-node02
default       web-5d78c6b7f9-abcde                       1/1     Running   0          3m    10.244.58.193   k8s-node02
`;

const CASES: string[] = [
  // fields, -F, NR/NF, patterns
  "awk '{print $2}' /tmp/pods",
  "awk 'NR>1 {print $1, $NF}' /tmp/pods",
  "awk '$4 == \"Running\" {n++} END {print n, NR}' /tmp/pods",
  "awk '/calico-node/ {print $7}' /tmp/pods",
  "awk '!/^NAMESPACE/ && $5 > 0 {print $2 \" restarted \" $5}' /tmp/pods",
  "awk -F: '{print $1 \"-\" $3}' <<< 'a:b:c'",
  "echo 'a,b;c' | awk -F'[,;]' '{print $2, NF}'",
  "printf 'x\\ty z\\n' | awk -F'\\t' '{print $2}'",
  "echo '  lead  trail  ' | awk '{print NF \"[\" $1 \"]\"}'",
  "awk 'NR==2, NR==3 {print NR\": \"$2}' /tmp/pods",
  "awk 'END {print $0}' /tmp/pods",
  "printf 'a\\n\\nb\\n' | awk 'NF'",
  // -v, BEGIN, OFS, $0 rebuilding, NF assignment
  "awk -v n=3 'BEGIN {print n * 2}'",
  "awk -v 's=a\\tb' 'BEGIN {print s}'",
  "echo 'a b c' | awk '{$2 = \"X\"; print; print NF}'",
  "echo 'a b c' | awk 'BEGIN {OFS=\"-\"} {$1 = $1; print}'",
  "echo 'a b c' | awk '{$5 = \"e\"; print; NF = 2; print}'",
  "echo 'a b c' | awk '{print $NF; print $(NF-1)}'",
  "awk 'BEGIN {OFS=\":\"; print \"a\", \"b\"}'",
  // numbers and strings
  "awk 'BEGIN {print 1/3, 0.1+0.2, 1e6, 2^31, 2^31-1, -7 % 3, 7/2, 2^3^2, -2^2}'",
  "awk 'BEGIN {print \"3x\" + 1, \" 12 \" + 0, 1 \" \" 2, length(12345), length(1/3)}'",
  "echo '10 9' | awk '{print ($1 > $2), (\"10\" > \"9\")}'",
  "echo '2 10 abc' | awk '{print ($1 < $2), ($3 < 1), (x == 0), (x == \"\")}'",
  "awk 'BEGIN {x = 0.1; y = x \"\"; CONVFMT = \"%.2f\"; z = 3.14159 \"\"; print y, z}'",
  "awk 'BEGIN {OFMT = \"%.2f\"; print 3.14159, 3}'",
  // printf
  "awk 'BEGIN {printf \"%5s|%-5s|%.2s|%c|%d|%05d|%x|%X|%o|%e|%.3f|%g|%%\\n\", \"ab\", \"ab\", \"abc\", 65, 42.9, 42, 255, 255, 8, 12345.678, 3.14159, 0.0001234}'",
  "awk 'BEGIN {printf \"%-10s%s\\n\", \"name\", \"ip\"; printf(\"%*d|\\n\", 6, 7)}'",
  "awk 'NR>1 {printf \"%-45s %s\\n\", $2, $7}' /tmp/pods",
  "awk 'BEGIN {printf \"%d %s\\n\", 1}'",
  "awk 'BEGIN {printf \"%d\\n\", 2147483648}'",
  // arrays, in, delete, for-in over a sorted pipe
  "awk 'NR>1 {count[$1]++} END {for (ns in count) print ns, count[ns]}' /tmp/pods | sort",
  "awk 'NR>1 {nodes[$8] = nodes[$8] \" \" $2} END {print length(nodes)}' /tmp/pods",
  "awk 'BEGIN {a[\"x\"] = 1; if (\"x\" in a) print \"in\"; delete a[\"x\"]; if (!(\"x\" in a)) print \"gone\"}'",
  "awk 'BEGIN {a[1,2] = 3; for (k in a) {split(k, p, SUBSEP); print p[1], p[2]}; if ((1,2) in a) print \"yes\"}'",
  "awk 'BEGIN {n = split(\"a,b,,c\", arr, \",\"); print n, arr[1], arr[4]; m = split(\"  x  y \", w); print m, w[1]}'",
  "awk 'BEGIN {n = split(\"a1b22c\", p, /[0-9]+/); print n, p[3]}'",
  // control flow
  "awk 'BEGIN {for (i = 0; i < 3; i++) print i; while (j < 2) {j++; print \"w\" j}; do k++; while (k < 5); print k}'",
  "awk 'BEGIN {for (i = 0; i < 10; i++) {if (i == 2) continue; if (i == 4) break; print i}}'",
  "awk 'BEGIN {x = 5; if (x > 3) print \"big\"; else print \"small\"; print (x > 3 ? \"yes\" : \"no\")}'",
  "awk '{print; if (NR == 2) exit 3} END {print \"end\"}' /tmp/pods; echo $?",
  "awk 'NR == 1 {next} {print NR}' /tmp/pods",
  "awk 'BEGIN {exit} END {print \"end runs\"}'",
  // string functions
  "awk 'BEGIN {print substr(\"hello\", -1, 3) \"|\" substr(\"hello\", 0.5, 1) \"|\" substr(\"hello\", -2.5, 4)}'",
  "awk 'BEGIN {print length(\"hello\"), substr(\"hello\", 2, 3), substr(\"hello\", 0, 2), substr(\"hello\", -1), substr(\"hello\", 1.5, 2.3), index(\"abc\", \"c\")}'",
  "awk 'BEGIN {s = \"aaa\"; print gsub(/a/, \"[&]\", s), s; t = \"hello\"; sub(/l+/, \"L\", t); print t; u = \"a.b.c\"; gsub(\".\", \"X\", u); print u}'",
  "awk 'BEGIN {s = \"abc\"; n = gsub(/x*/, \"-\", s); print n, s; t = \"a&b\"; gsub(/&/, \"\\\\&\\\\&\", t); print t}'",
  "echo 'foo bar' | awk '{gsub(/o/, \"0\"); print; sub(/bar/, \"[&]\", $2); print}'",
  "awk 'BEGIN {print match(\"foobar\", /o+/), RSTART, RLENGTH; print match(\"x\", /y/), RSTART, RLENGTH}'",
  "awk 'BEGIN {print toupper(\"abc\") tolower(\"DEF\"), sprintf(\"%03d\", 7), int(-3.7), int(\"42abc\")}'",
  "awk '{print length}' <<< 'hello world'",
  "awk 'BEGIN {print substr(\"abc\", 2, -1) \"|\" substr(\"abc\", 10) \"|\"}'",
  "echo '10.244.32.129/26' | awk -F/ '{split($1, o, \".\"); print o[4] + 0, $2}'",
  // user functions
  "awk 'function max(a, b) {return a > b ? a : b} BEGIN {print max(3, 7), max(\"b\", \"a\")}'",
  "awk 'function fill(arr, n,   i) {for (i = 1; i <= n; i++) arr[i] = i * i} BEGIN {fill(sq, 3); print sq[2], sq[3], i}'",
  "awk 'function fact(n) {return n <= 1 ? 1 : n * fact(n - 1)} BEGIN {print fact(10)}'",
  // getline, output redirection, system
  "awk 'BEGIN {while ((getline line < \"/tmp/pods\") > 0) n++; print n}'",
  "awk 'NR == 1 {getline; print \"after getline:\", $2}' /tmp/pods",
  "awk 'BEGIN {\"echo hi there\" | getline x; print x; \"echo a b\" | getline; print $2}'",
  "awk 'BEGIN {print \"to stderr\" > \"/dev/stderr\"; print \"out\"}'",
  "awk 'BEGIN {print \"b\" > \"/tmp/awk.out\"; print \"a\" > \"/tmp/awk.out\"; close(\"/tmp/awk.out\"); while ((getline l < \"/tmp/awk.out\") > 0) print \"read\", l}'",
  "awk 'BEGIN {print \"c\" | \"sort\"; print \"a\" | \"sort\"; close(\"sort\"); print \"done\"}'",
  "awk 'BEGIN {r = system(\"exit 3\"); print \"status\", r}'",
  "awk 'BEGIN {getline x < \"/nonexistent\"; print \"ok\"}'",
  // RS
  "printf 'a b\\n\\nc d\\ne\\n\\n\\nf\\n' | awk 'BEGIN {RS = \"\"} {print NR \": \" $1 \"-\" $NF \" NF=\" NF}'",
  "printf 'a;b;c' | awk 'BEGIN {RS = \";\"} {print NR, $0}'",
  // errors, in mawk's words
  "awk '{print $1'",
  "awk 'BEGIN { x = 1 +; }'",
  "awk 'BEGIN {print 1/0}'",
  "awk '{print $1}' /nonexistent",
  "awk -f /nonexistent",
  "awk 'BEGIN { f() }'",
  "awk -v x 'BEGIN {}'",
  "awk --version",
  "awk -F",
  "echo a | awk '{print $-1}'",
  "awk; echo $?",
  "awk -W version 2>/dev/null | head -1",
  // what students pipe
  "awk 'NR>1 {print $2}' /tmp/pods | head -2",
  "awk '{print $2}' /tmp/pods | grep calico | wc -l",
  "awk 'NR>1 {print $7}' /tmp/pods | awk -F. '{print $1\".\"$2}' | sort -u",
];

const terminal = ourTerminal(`cat > /tmp/pods <<'EOF'\n${PODS}EOF`);
async function ours(line: string): Promise<Answer> {
  const { out, err, status } = await terminal([line]);
  return { out, err, status };
}
const oracle = realAnswers(CASES, { name: 'awk', stdinNull: true, files: { '/tmp/pods': PODS } });

describe.skipIf(!hasMawk)('awk prints and fails as mawk 1.3.4 does', () => {
  it.each(CASES.map((c) => [c]))('%s', async (line) => {
    expect(await ours(line)).toEqual(oracle()[CASES.indexOf(line)]);
  });
});

describe('awk never holds the terminal', () => {
  it('an endless program stops at the step limit as if interrupted', async () => {
    const got = await ours("awk 'BEGIN { while (1) x++ }'; echo \" status $?\"");
    expect(got.out).toBe('^C status 130\n');
  });
});

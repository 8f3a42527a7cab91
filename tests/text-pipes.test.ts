/**
 * The text tools students pipe kubectl output into — xargs, column, sort, cut, uniq, wc, head,
 * tail, grep — against GNU's on this machine: each case is a shell line run by the real bash and
 * by our terminal over the same input file; stdout, stderr and the exit status must agree.
 * (This machine's coreutils/grep/findutils/util-linux are a little newer than Ubuntu 22.04's;
 * the cases use behaviour the two versions share.)
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { LabSession } from '../src/shell/lab-session';
import { ourTerminal, realAnswers } from './support/shell-oracle';
import type { Answer } from './support/shell-oracle';

const gnu = spawnSync('bash', ['-c', 'xargs --version && column -V && sort --version'], { encoding: 'utf8' });
const hasGnu = gnu.status === 0 && gnu.stdout.includes('GNU findutils');

const PODS = `NAMESPACE     NAME                        READY   STATUS    RESTARTS   AGE   IP              NODE
kube-system   calico-node-7hx8k           1/1     Running   0          12m   172.16.11.81    k8s-node01
kube-system   calico-node-kz5qv           0/1     Pending   2          12m   172.16.11.82    k8s-node02
default       web-5d78c6b7f9-abcde        1/1     Running   10         3m    10.244.58.193   k8s-node02
default       web-5d78c6b7f9-fghij        1/1     Running   1          3m    10.244.32.130   k8s-node01
kube-system   coredns-5dd5756b68-x2x4q    1/1     Running   0          40m   10.244.32.129   k8s-node01
`;

const CASES: string[] = [
  // xargs
  "awk 'NR>1 {print $2}' /tmp/pods | xargs echo",
  "awk 'NR>1 {print $2}' /tmp/pods | xargs",
  "awk 'NR>1 {print $2}' /tmp/pods | xargs -n 2",
  "awk 'NR>1 {print $2}' /tmp/pods | head -2 | xargs -I {} echo 'pod: {}'",
  "printf 'x\\0y z\\0' | xargs -0 -n1 echo",
  "echo \"'a b' \\\"c d\\\" e\\\\ f\" | xargs -n1",
  "echo \"it's\" | xargs; echo $?",
  "echo a | xargs nosuchcmd; echo $?",
  "echo a | xargs false; echo $?",
  "echo a b | xargs -t echo",
  "printf '1\\n2\\n3\\n' | xargs -L 2 echo",
  "printf '' | xargs -r echo x; echo $?",
  "printf '' | xargs echo x",
  "echo a | xargs -n 0 echo; echo $?",
  "printf 'a,b,c' | xargs -d, -n1",
  "seq 5 | xargs -n 2 echo n:",
  // column
  "column -t /tmp/pods",
  "awk 'NR>1 {print $2, $4, $7}' /tmp/pods | column -t",
  "printf 'a bb c\\nddd e f\\n\\nlonger x\\n' | column -t",
  "printf 'a:b:c\\nddd::f\\n' | column -t -s:",
  "printf 'a b\\nc d\\n' | column -t -o '|'",
  "printf 'a b\\nc d\\n' | column -t -N X,Y",
  "seq 30 | column",
  "column -t /nonexistent; echo $?",
  // sort
  "sort -k4 /tmp/pods",
  "awk 'NR>1' /tmp/pods | sort -k5 -n",
  "awk 'NR>1' /tmp/pods | sort -k5 -nr",
  "awk 'NR>1 {print $1}' /tmp/pods | sort -u",
  "awk 'NR>1 {print $7}' /tmp/pods | sort -t. -k4 -n",
  "awk 'NR>1 {print $8\":\"$2}' /tmp/pods | sort -t: -k1,1 -k2r",
  "printf 'b\\na\\nB\\nA\\n' | sort",
  "printf '10\\n9\\n-1\\n1.5\\nx\\n' | sort -n",
  "sort -k /tmp/pods; echo $?",
  "sort -k0 /tmp/pods; echo $?",
  "sort -t: -k2,2 -k1,1r <<< $'b:1\\na:2\\nc:1'",
  "printf 'b 2\\na 10\\nc 2\\n' | sort -k2n -k1r",
  "printf ' b\\na\\n  c\\n' | sort -b",
  "printf 'x 3\\ny 1\\nz 3\\n' | sort -k2 -n -s",
  "printf 'a.10\\na.9\\nb.1\\n' | sort -t. -k2,2n",
  // cut, uniq, wc
  "cut -c1-13 /tmp/pods",
  "awk 'NR>1 {print $7}' /tmp/pods | cut -d. -f1,2",
  "awk 'NR>1 {print $7}' /tmp/pods | cut -d. -f3-",
  "awk 'NR>1 {print $1}' /tmp/pods | sort | uniq -c",
  "awk 'NR>1 {print $8}' /tmp/pods | sort | uniq -c | sort -rn",
  "awk 'NR>1 {print $8}' /tmp/pods | sort | uniq -d",
  "wc -l /tmp/pods",
  "wc /tmp/pods",
  "cat /tmp/pods | wc -l",
  "wc -w < /tmp/pods",
  // head, tail
  "head -n 2 /tmp/pods",
  "head -n -4 /tmp/pods",
  "head -3 /tmp/pods | tail -1",
  "tail -n +2 /tmp/pods | head -1",
  "tail -2 /tmp/pods",
  "head -c 20 /tmp/pods; echo",
  // grep
  "grep -E 'Pending|[0-9]{2}m' /tmp/pods",
  "grep -o '10\\.244\\.[0-9.]*' /tmp/pods",
  "grep -c Running /tmp/pods",
  "grep -v Running /tmp/pods",
  "grep -i running /tmp/pods | wc -l",
  "grep -w web /tmp/pods; echo $?",
  "grep -w 'web-5d78c6b7f9-abcde' /tmp/pods",
  "grep -A1 Pending /tmp/pods",
  "grep -B1 -n Pending /tmp/pods",
  "grep -C1 coredns /tmp/pods",
  "grep -E -o 'k8s-node0[0-9]' /tmp/pods | sort | uniq -c",
  "grep -c nosuch /tmp/pods; echo $?",
];

const terminal = ourTerminal(`cat > /tmp/pods <<'EOF'\n${PODS}EOF`);
async function ours(line: string): Promise<Answer> {
  const { out, err, status } = await terminal([line]);
  return { out, err, status };
}
// LC_ALL=C: the lab's tools quote in ASCII ('x'), where GNU's in a UTF-8 locale would use ‘x’.
const oracle = realAnswers(CASES, { name: 'text', stdinNull: true, files: { '/tmp/pods': PODS }, lcAll: 'C' });

describe.skipIf(!hasGnu)('text tools in pipes answer as the GNU ones do', () => {
  it.each(CASES.map((c) => [c]))('%s', async (line) => {
    expect(await ours(line)).toEqual(oracle()[CASES.indexOf(line)]);
  });
});

describe('tail -f', () => {
  it('prints what is appended until Ctrl-C ends it with 130', async () => {
    const session = LabSession.create({ time: 'instant', waitLimitMs: 5_000 });
    const term = session.openTerminal();
    await session.exec(term, "printf '1\\n2\\n' > /tmp/f; (sleep 2; echo more >> /tmp/f) &", () => {});
    let out = '';
    const r = await session.exec(term, 'tail -f -n1 /tmp/f', (c) => c.stream === 'stdout' && (out += c.text));
    expect(out.startsWith('2\nmore\n^C')).toBe(true);
    expect(r.exitCode).toBe(130);
  });

  it('on a pipe, -f is ignored as GNU tail ignores it', async () => {
    const session = LabSession.create({ time: 'instant' });
    const term = session.openTerminal();
    let out = '';
    const r = await session.exec(term, 'seq 3 | tail -f -n2', (c) => (out += c.text));
    expect(out).toBe('2\n3\n');
    expect(r.exitCode).toBe(0);
  });
});

/**
 * Generated and mutated command lines for the shell fuzz test: valid commands from each tool's
 * grammar, then garbage — random bytes, huge arguments, deep pipes, unbalanced quotes — and
 * compound commands (loops, if, case, subshells, groups, [[ ]]) nested around them, typed on one
 * line or over several, whole or with a keyword dropped or swapped.
 */
import { rngInt, rngNext } from '../../src/emulator/random';
import type { RngState } from '../../src/emulator/random';

const COMMANDS: Record<string, string[][]> = {
  kubectl: [['get', 'describe', 'apply', 'delete', 'label', 'annotate', 'scale', 'create', 'run', 'logs', 'exec', 'calico', 'version', 'api-resources', 'patch', 'bogus'], ['nodes', 'pods', 'po', 'ippools', 'node', 'pod', 'deployment', 'ds', 'podz', 'k8s-node01', '-f', 'calico.yaml', '-', 'nginx', 'web'], ['-n', 'kube-system', '-A', '-o', 'wide', 'yaml', 'json', 'jsonpath={.items[*].metadata.name}', '--replicas=3', '--image=nginx', '-w', '--bogus', '-l', 'app=x', 'k=v', '--overwrite']],
  ip: [['r', 'route', 'a', 'addr', 'link', 'neigh', 'foo', '-br', '-4', '-d'], ['show', 'list', 'get', 'add', 'del', 'set', 'xyz'], ['10.244.1.5', '10.0.0.300', '10.244.0.0/33', 'default', 'blackhole', 'via', '172.16.11.81', 'dev', 'eth0', 'tunl0', 'up', 'mtu', '1400', 'foo']],
  calicoctl: [['get', 'apply', 'create', 'delete', 'patch', 'ipam', 'node', 'version', 'replace', '--bogus'], ['ippool', 'nodes', 'bgpconfig', 'bgppeer', 'show', 'status', 'check', '-f', '-'], ['-o', 'wide', 'yaml', '--show-blocks', '--allow-version-mismatch', '--ip=10.244.0.1', '-p', '{"spec":{"ipipMode":"Never"}}']],
  birdcl: [['show', 'sh', 'bogus'], ['protocols', 'route', 'status', 'all'], ['Mesh_172_16_11_81', 'for', '10.244.1.0/24', 'all']],
  sed: [['-i', '-n', '-e', '-E', '--bogus'], ['s/a/b/g', 's@x@y@', 's/unterminated', '/re/d', '1,3p', '$a\\ text', 'y/ab/cd/', '{'], ['calico.yaml', 'nope.yaml', '/etc/hosts']],
  grep: [['-n', '-v', '-i', '-c', '-A1', '-E', '--bogus', '-r'], ['CALICO', 'x[', 'name', ''], ['calico.yaml', '/etc/hosts', 'nope']],
  curl: [['-O', '-o', '-L', '-s', '-sSL', '-I', '--bogus', '-f'], ['https://docs.projectcalico.org/manifests/calico.yaml', 'http://10.244.1.2', 'htp://x', 'https://nosuchhost.example/', 'out.yaml'], []],
  ping: [['-c', '-i', '-W', '-s', '-M', '-Z'], ['1', '2', 'abc', '0', 'do'], ['10.244.1.1', '172.16.11.81', 'nosuchhost', '10.244.0.99']],
  tcpdump: [['-i', '-nn', '-c', '-e', '-v', '-D', '-w', '-r'], ['eth0', 'any', 'eth9', '1', '2', 'x.pcap'], ['host', 'port', '179', 'tcp', 'and', '(', 'icmp', 'hots', 'net', '10.244.0.0/33']],
  system: [['ss', 'netstat', 'ps', 'sysctl', 'lsmod', 'modprobe', 'uname', 'route', 'arp', 'crictl', 'systemctl', 'journalctl'], ['-tnp', '-antp', '-ef', 'aux', '-a', '-w', '-n', 'net.ipv4.ip_forward=0', 'state', 'sport', '=', ':179', '(', 'ps', 'pods', 'status', 'kubelet', '-u', '-r', 'ipip', '--bogus', '-Q', '-p'], ['established', 'bogus', 'kubelet', '3', 'x', 'net.nope', 'or', ')', '-C', 'bird']],
  awk: [['-F:', '-F,', '-v', 'x=1', '-f', '--bogus', '-W'], ["'{print $1}'", "'NR>1 {print $2, NF}'", "'BEGIN {while (1) n++}'", "'{print $1'", "'/calico/ {n++} END {print n+0}'", "'{ printf \"%-10s %d\\n\", $1, NR }'", "'BEGIN { x[1]; x = 2 }'", "'{ system(\"exit 3\") }'", "'function f(n) { return f(n+1) } BEGIN { f(1) }'"], ['/etc/hosts', 'calico.yaml', 'nope', '-']],
  xargs: [['-n1', '-n', '-I{}', '-0', '-r', '-t', '-L1', '--bogus', '-d,'], ['echo', 'kubectl', 'ls', 'nosuch', 'exit', 'ssh', 'hostname'], ['get', 'pods', '{}', '/tmp', '-l']],
  column: [['-t', '-s:', '-o|', '-N', 'A,B', '--bogus'], ['/etc/hosts', 'calico.yaml', 'nope'], []],
  text: [['ls', 'cat', 'head', 'tail', 'wc', 'sort', 'uniq', 'cut', 'tr', 'chmod', 'rm', 'mkdir', 'touch', 'cp', 'mv', 'echo', 'printf', 'diff', 'cd', 'export', 'history', 'hostname', 'ssh', 'exit', 'sleep', 'which', 'date', 'vim', 'foo', 'tee'], ['-l', '-n', '-la', '+x', '-p', '-c', '2', '/tmp/x', 'calico.yaml', '/etc', '..', 'k8s-node02', 'A=b', '%s', '-d', ':', '-f1'], ['/etc/hosts', 'calico.yaml', 'nope', '1', '0.01']],
};

function pick<T>(rng: RngState, xs: T[]): T {
  return xs[rngInt(rng, 0, xs.length)];
}

function validLine(rng: RngState): string {
  const tool = pick(rng, Object.keys(COMMANDS));
  const [a, b, c] = COMMANDS[tool];
  const words = tool === 'text' || tool === 'system' ? [pick(rng, a)] : [tool, pick(rng, a)];
  for (let i = rngInt(rng, 0, 4); i > 0; i--) words.push(pick(rng, rngNext(rng) < 0.5 ? b : c.length ? c : b));
  return words.join(' ');
}

const GARBAGE = ['"', "'", '$(', '`', '|', '||', '&&', ';', '>', '<', '<<EOF', '\\', '\x01', '\x1b[A', '\u0000', '%', '{', '}', '(', ')', '*', '~', '$?', '${', '#', '\t', 'é', '中文'];

function mutate(rng: RngState, line: string): string {
  const r = rngNext(rng);
  if (r < 0.2) {
    const at = rngInt(rng, 0, line.length + 1);
    return line.slice(0, at) + pick(rng, GARBAGE) + line.slice(at);
  }
  if (r < 0.3) return line + ' ' + 'A'.repeat(rngInt(rng, 1000, 20000));
  if (r < 0.4) return Array.from({ length: rngInt(rng, 2, 30) }, () => validLine(rng)).join(' | ');
  if (r < 0.5) return String.fromCharCode(...Array.from({ length: rngInt(rng, 1, 60) }, () => rngInt(rng, 0, 256)));
  if (r < 0.6) return line.split(' ').reverse().join(' ');
  if (r < 0.7) return `${line} ${pick(rng, ['> /tmp/out', '>> /tmp/out', '< nope', '2>&1', '> /nonexistent/dir/x', '| grep x', '| head -1'])}`;
  return line;
}

/** Short commands for loop bodies: the shell's own, so most bodies run fast and finish. */
const BODY = ['f() { echo "$1-$#"; }', 'f a b', 'return 2', 'local v=1', 'shift', 'alias k=kubectl', 'k get nodes', '(( n++ ))', '(( 1/0 ))', 'echo `hostname`', 'set -x', 'set +x', '( set -e; false; echo x )', 'type f', 'echo $@ "$*"', 'echo $i', 'echo "$n-$x"', 'true', 'false', 'break', 'continue', 'break 2', 'continue x', 'n=$((n+1))', 'x=$((x*2+1))', 'echo $((1/0))', '[ $n -gt 3 ] && break', 'test -f /etc/hosts', '[ a = ]', 'seq 3', 'read x', 'sleep 1', 'cd /tmp', 'exit 3', ':', 'printf "%s\\n" $i'];

/** A compound command `depth` levels deep; its bodies are tool lines or the shell's own. */
function compound(rng: RngState, depth: number): string {
  const body = (): string => {
    const n = rngInt(rng, 1, 4);
    return Array.from({ length: n }, () => (depth > 0 && rngNext(rng) < 0.3 ? compound(rng, depth - 1) : rngNext(rng) < 0.6 ? pick(rng, BODY) : validLine(rng))).join('; ');
  };
  const cond = () => pick(rng, ['true', 'false', '[ $n -lt 3 ]', '[[ $x == a* ]]', '! true', 'test -d /tmp', '[ -z "$x" ]', 'read x', 'kubectl get nodes >/dev/null', '[[ $n -gt 2 || -e /nope ]]']);
  switch (rngInt(rng, 0, 12)) {
    case 9:
      return `for ((i=0; i<${pick(rng, ['3', 'n', '100000', '$x'])}; i++)); do ${body()}; done`;
    case 10:
      return `g() { ${body()}; }; g 1 "2 3"`;
    case 11:
      return pick(rng, ['r() { r; }; r', 'r() { r; r; }; FUNCNEST=20; r', 'h() { (( $1 < 12 )) && { h $(( $1 + 1 )); h $(( $1 + 1 )); }; }; h 0', 'alias a=a; a', 'function q { return 300; }; q; echo $?']);
    case 0:
      return `for i in ${pick(rng, ['1 2 3', '$(seq 5)', '$(kubectl get nodes -o name)', '*', '', '"a b" c', '$(seq 20000)'])}; do ${body()}; done`;
    case 1:
      return `while ${cond()}; do ${body()}; done`;
    case 2:
      return `until ${cond()}; do ${body()}; done`;
    case 3:
      return `if ${cond()}; then ${body()}; ${rngNext(rng) < 0.5 ? `elif ${cond()}; then ${body()}; ` : ''}${rngNext(rng) < 0.5 ? `else ${body()}; ` : ''}fi`;
    case 4:
      return `case ${pick(rng, ['$x', 'abc', '"$n"', 'k8s-node01'])} in ${pick(rng, ['a*', 'k8s-*|b', '[0-9]', '*', '"x"'])}) ${body()} ${pick(rng, [';;', ';&', ';;&'])} *) ${body()};; esac`;
    case 5:
      return `( ${body()} )`;
    case 6:
      return `{ ${body()}; } ${pick(rng, ['', '> /tmp/out', '2>&1 | head -3', '< /etc/hosts'])}`;
    case 7:
      return `[[ ${pick(rng, ['$x == a*', '-f /etc/hosts', '$n -lt 3 && ! -z x', 'a =~ ^(a|b)+$', '( a ]]', 'a -foo b', '-n'])} ]]`;
    default:
      return `n=0; while true; do n=$((n+1)); ${rngNext(rng) < 0.5 ? '[ $n -ge 5 ] && break; ' : ''}${body()}; done`;
  }
}

const KEYWORDS = ['do', 'done', 'then', 'fi', 'esac', 'elif', 'else', '{', '}', '(', ')', ';;', 'in', '[[', ']]'];

/** Break a compound line the ways students do: a keyword dropped, doubled or swapped, lines split. */
function mutateCompound(rng: RngState, line: string): string {
  const r = rngNext(rng);
  const words = line.split(' ');
  const at = rngInt(rng, 0, words.length);
  if (r < 0.2) return words.filter((_, i) => i !== at).join(' ');
  if (r < 0.35) return [...words.slice(0, at), pick(rng, KEYWORDS), ...words.slice(at)].join(' ');
  if (r < 0.45) return words.slice(0, at).join(' ');
  // Typed over several lines, as a student types a loop: the terminal shows `> ` in between.
  if (r < 0.75) return line.replace(/; /g, () => (rngNext(rng) < 0.6 ? '\n' : '; ')).replace(/ (do|then|else) /g, (m, k: string) => (rngNext(rng) < 0.5 ? ` ${k}\n` : m));
  return mutate(rng, line);
}

/** The n-th fuzz line of a seeded stream; a line with newlines is typed line by line. */
export function* fuzzLines(seed: number, count: number): Generator<string> {
  const rng = { s: seed };
  for (let i = 0; i < count; i++) {
    if (rngNext(rng) < 0.3) {
      const line = compound(rng, rngInt(rng, 0, 3));
      yield rngNext(rng) < 0.5 ? line : mutateCompound(rng, line);
      continue;
    }
    const line = validLine(rng);
    yield rngNext(rng) < 0.5 ? line : mutate(rng, line);
  }
}

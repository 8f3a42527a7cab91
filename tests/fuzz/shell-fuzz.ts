/**
 * Generated and mutated command lines for the shell fuzz test: valid commands from each tool's
 * grammar, then garbage — random bytes, huge arguments, deep pipes, unbalanced quotes.
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
  text: [['ls', 'cat', 'head', 'tail', 'wc', 'sort', 'uniq', 'cut', 'tr', 'chmod', 'rm', 'mkdir', 'touch', 'cp', 'mv', 'echo', 'printf', 'diff', 'cd', 'export', 'history', 'hostname', 'ssh', 'exit', 'sleep', 'which', 'date', 'vim', 'foo', 'tee'], ['-l', '-n', '-la', '+x', '-p', '-c', '2', '/tmp/x', 'calico.yaml', '/etc', '..', 'k8s-node02', 'A=b', '%s', '-d', ':', '-f1'], ['/etc/hosts', 'calico.yaml', 'nope', '1', '0.01']],
};

function pick<T>(rng: RngState, xs: T[]): T {
  return xs[rngInt(rng, 0, xs.length)];
}

function validLine(rng: RngState): string {
  const tool = pick(rng, Object.keys(COMMANDS));
  const [a, b, c] = COMMANDS[tool];
  const words = tool === 'text' ? [pick(rng, a)] : [tool, pick(rng, a)];
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

/** The n-th fuzz line of a seeded stream. */
export function* fuzzLines(seed: number, count: number): Generator<string> {
  const rng = { s: seed };
  for (let i = 0; i < count; i++) {
    const line = validLine(rng);
    yield rngNext(rng) < 0.5 ? line : mutate(rng, line);
  }
}

/**
 * `crictl` (cri-tools 1.28, as kubeadm's packages install it) against the node's containerd: the
 * pod sandboxes and containers the kubelet runs there (`emulator/system/processes.ts`), newest
 * first, in crictl's tabwriter table. Without /etc/crictl.yaml it warns about the default
 * endpoints, as 1.28 does on a fresh kubeadm node.
 */
import type { CommandContext, CommandSpec } from '../../context';
import { containerId, nodeContainers, podSandboxId, podsWithSandbox } from '../../../emulator/system/processes';
import { apiTimeMs, stableHex64 } from '../../../emulator/system/host';

const ENDPOINTS = '[unix:///var/run/dockershim.sock unix:///run/containerd/containerd.sock unix:///run/crio/crio.sock unix:///var/run/cri-dockerd.sock]';

/** Go's text/tabwriter with crictl's settings: minwidth 20, padding 3, the last cell unpadded. */
export function tabwrite(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(20, ...rows.map((r) => (r[i] ?? '').length + 3)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('')).join('\n') + '\n';
}

/** docker/go-units HumanDuration, as crictl prints CREATED ("2 minutes ago"). */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 1) return 'Less than a second';
  if (s === 1) return '1 second';
  if (s < 60) return `${s} seconds`;
  const m = Math.floor(s / 60);
  if (m === 1) return 'About a minute';
  if (m < 60) return `${m} minutes`;
  const h = Math.round(ms / 3_600_000);
  if (h === 1) return 'About an hour';
  if (h < 48) return `${h} hours`;
  if (h < 24 * 7 * 2) return `${Math.floor(h / 24)} days`;
  if (h < 24 * 30 * 2) return `${Math.floor(h / 24 / 7)} weeks`;
  if (h < 24 * 365 * 2) return `${Math.floor(h / 24 / 30)} months`;
  return `${Math.floor(h / 24 / 365)} years`;
}

/** Without /etc/crictl.yaml crictl tries each default endpoint in turn; dockershim's socket is gone. */
function warn(ctx: CommandContext, image: boolean): void {
  if (ctx.node.fs['/etc/crictl.yaml']) return;
  const tried = (api: string) =>
    `ERRO[0000] validate service connection: validate CRI v1 ${api} API for endpoint "unix:///var/run/dockershim.sock": rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing dial unix /var/run/dockershim.sock: connect: no such file or directory" \n`;
  ctx.err(`WARN[0000] runtime connect using default endpoints: ${ENDPOINTS}. As the default settings are now deprecated, you should set the endpoint instead. \n` + tried('runtime'));
  if (image) ctx.err(`WARN[0000] image connect using default endpoints: ${ENDPOINTS}. As the default settings are now deprecated, you should set the endpoint instead. \n` + tried('image'));
}

function flagValue(args: string[], names: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    for (const n of names) {
      if (args[i] === n) return args[i + 1];
      if (args[i].startsWith(n + '=')) return args[i].slice(n.length + 1);
    }
  }
  return undefined;
}

const HELP = `NAME:
   crictl - client for CRI

USAGE:
   crictl [global options] command [command options] [arguments...]

VERSION:
   v1.28.0

COMMANDS:
   images, image, img  List images
   pods                List pods
   ps                  List containers
   version             Display runtime version information
   help, h             Shows a list of commands or help for one command
`;

export const crictl: CommandSpec = {
  name: 'crictl',
  summary: 'client for the container runtime (CRI): pods and containers on this node',
  usage: 'crictl { ps [-a] [-q] [--name RE] | pods [-q] [--name RE] | images | version }',
  run(ctx) {
    const [verb, ...args] = ctx.argv.slice(1);
    const now = ctx.world.now;
    if (!verb || verb === 'help' || verb === 'h' || verb === '--help' || verb === '-h') {
      ctx.out(HELP);
      return 0;
    }
    if (verb === '--version' || verb === '-v') {
      ctx.out('crictl version v1.28.0\n');
      return 0;
    }
    if (verb === 'version') {
      warn(ctx, false);
      ctx.out('Version:  0.1.0\nRuntimeName:  containerd\nRuntimeVersion:  v1.6.24\nRuntimeApiVersion:  v1\n');
      return 0;
    }
    const quiet = args.includes('-q') || args.includes('--quiet');
    const nameRe = flagValue(args, ['--name']);
    let re: RegExp | null = null;
    try {
      re = nameRe ? new RegExp(nameRe) : null;
    } catch {
      ctx.err(`FATA[0000] listing containers: invalid regexp "${nameRe}"\n`);
      return 1;
    }
    if (verb === 'ps') {
      warn(ctx, true);
      const all = args.includes('-a') || args.includes('--all');
      const podFilter = flagValue(args, ['--pod', '-p']);
      const rows = nodeContainers(ctx.world, ctx.node)
        .filter((c) => all || c.state === 'Running')
        .filter((c) => !re || re.test(c.name))
        .filter((c) => !podFilter || podSandboxId(c.pod).startsWith(podFilter))
        .sort((a, b) => b.started - a.started);
      if (quiet) {
        ctx.out(rows.map((c) => containerId(c.pod, c.name, c.attempt) + '\n').join(''));
        return 0;
      }
      ctx.out(
        tabwrite([
          ['CONTAINER', 'IMAGE', 'CREATED', 'STATE', 'NAME', 'ATTEMPT', 'POD ID', 'POD'],
          ...rows.map((c) => [containerId(c.pod, c.name, c.attempt).slice(0, 13), stableHex64(`image/${c.image}`).slice(0, 13), `${humanDuration(now - c.started)} ago`, c.state, c.name, String(c.attempt), podSandboxId(c.pod).slice(0, 13), c.pod.metadata.name]),
        ]),
      );
      return 0;
    }
    if (verb === 'pods') {
      warn(ctx, false);
      const ns = flagValue(args, ['--namespace']);
      const pods = podsWithSandbox(ctx.world, ctx.node)
        .filter((p) => !re || re.test(p.metadata.name))
        .filter((p) => !ns || p.metadata.namespace === ns)
        .sort((a, b) => apiTimeMs(ctx.world, b.status.startTime) - apiTimeMs(ctx.world, a.status.startTime));
      if (quiet) {
        ctx.out(pods.map((p) => podSandboxId(p) + '\n').join(''));
        return 0;
      }
      ctx.out(
        tabwrite([
          ['POD ID', 'CREATED', 'STATE', 'NAME', 'NAMESPACE', 'ATTEMPT', 'RUNTIME'],
          ...pods.map((p) => [podSandboxId(p).slice(0, 13), `${humanDuration(now - apiTimeMs(ctx.world, p.status.startTime))} ago`, 'Ready', p.metadata.name, p.metadata.namespace ?? 'default', '0', '(default)']),
        ]),
      );
      return 0;
    }
    if (verb === 'images' || verb === 'image' || verb === 'img') {
      warn(ctx, true);
      const rows = [...new Set(ctx.node.images)].sort().map((ref) => {
        const at = ref.lastIndexOf(':');
        const [repo, tag] = at > ref.lastIndexOf('/') ? [ref.slice(0, at), ref.slice(at + 1)] : [ref, 'latest'];
        const full = repo.includes('.') || repo.split('/').length > 2 ? repo : `docker.io/${repo.includes('/') ? repo : `library/${repo}`}`;
        return [full, tag, stableHex64(`image/${ref}`).slice(0, 13), imageSize(ref)];
      });
      if (quiet) {
        ctx.out(rows.map((r) => `sha256:${stableHex64(`image/${r[0]}:${r[1]}`)}\n`).join(''));
        return 0;
      }
      ctx.out(tabwrite([['IMAGE', 'TAG', 'IMAGE ID', 'SIZE'], ...rows]));
      return 0;
    }
    ctx.err(`No help topic for '${verb}'\n`);
    return 3;
  },
  complete: (args, word) => (args.length === 0 ? ['ps', 'pods', 'images', 'version'] : ['-a', '-q', '--name']).filter((c) => c.startsWith(word)),
};

/** Compressed image sizes as containerd reports them. */
function imageSize(ref: string): string {
  const sizes: [RegExp, string][] = [
    [/calico\/node:/, '87.6MB'], [/calico\/cni:/, '93.6MB'], [/calico\/kube-controllers:/, '32.8MB'], [/pause/, '322kB'], [/etcd/, '102MB'],
    [/kube-apiserver/, '34.7MB'], [/kube-controller-manager/, '33.4MB'], [/kube-scheduler/, '18.1MB'], [/kube-proxy/, '24.6MB'], [/coredns/, '16.2MB'],
    [/nginx/, '70.5MB'], [/busybox/, '2.16MB'], [/netshoot/, '188MB'],
  ];
  return sizes.find(([re]) => re.test(ref))?.[1] ?? '10.2MB';
}

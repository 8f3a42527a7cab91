/**
 * Network tools run by `kubectl exec POD -- …` in the pod's own network namespace, as far as
 * its image ships them: tcpdump exists in nicolaka/netshoot (Alpine, tcpdump 4.99) and in
 * tcpdump images; elsewhere the runtime cannot find it (`exec: "tcpdump": executable file not
 * found in $PATH`), or the image's shell says so (`sh -c`: BusyBox `sh: tcpdump: not found`,
 * Debian's dash `sh: 1: tcpdump: not found`, exit 127).
 */
import type { CommandContext } from '../../context';
import type { KObj } from '../../../emulator/k8s/objects';
import { fsMkdirP, fsResolve } from '../../../emulator/fs';
import { tcpHash } from '../../../emulator/net/tcp-conn';
import { tcpdumpRun } from './tcpdump';
import type { TcpdumpHost } from './tcpdump';

interface ContainerSpec {
  name: string;
  image?: string;
}

/** The image's short name: `nicolaka/netshoot:v0.13` → `netshoot`. */
function imageName(image: string): string {
  return image.split('@')[0].split(':')[0].split('/').pop() ?? '';
}

/** Images that ship tcpdump. */
export function imageHasTcpdump(image: string): boolean {
  const n = imageName(image);
  return n === 'netshoot' || n === 'tcpdump';
}

/** Debian-based images run dash as /bin/sh; Alpine- and BusyBox-based ones BusyBox ash. */
function shellIsDash(image: string): boolean {
  const name = imageName(image);
  const tag = image.split('@')[0].split(':')[1] ?? '';
  return (name === 'nginx' || name === 'httpd' || name === 'debian' || name === 'ubuntu') && !tag.includes('alpine');
}

/**
 * The container's root filesystem on its node (containerd's task bundle), so files a tool
 * writes in the pod (`tcpdump -w /tmp/cap.pcap`) live on the node like the overlay's upper dir.
 */
export function containerRootfs(pod: KObj, container: string): string {
  const id = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => tcpHash(`${pod.metadata.uid}/${container}/${i}`).toString(16).padStart(8, '0')).join('');
  return `/run/containerd/io.containerd.runtime.v2.task/k8s.io/${id}/rootfs`;
}

function podTcpdumpHost(ctx: CommandContext, pod: KObj, container: string): TcpdumpHost | null {
  const node = ctx.world.node(pod.spec.nodeName);
  const net = node?.pods[`${pod.metadata.namespace}/${pod.metadata.name}`];
  const veth = net && node.links.find((l) => l.name === net.hostVeth);
  if (!node || !net || !veth) return null;
  const root = containerRootfs(pod, container);
  fsMkdirP(node.fs, root + '/tmp', ctx.world.now);
  // In the pod: lo, tunl0 when the node loaded the ipip module (it appears in every namespace), eth0.
  const ifindex = node.links.some((l) => l.kind === 'ipip') ? 3 : 2;
  return {
    node,
    profile: '4.99',
    hosts: { byName: new Map(), byIp: new Map() },
    ifaces: [{ name: 'eth0', tapOn: veth.name, flip: true, ifindex, up: veth.up, ipip: false, primary: true }],
    path: (p) => root + fsResolve('/', p),
  };
}

/** Split `sh -c` text into words (single and double quotes; no expansions). */
function words(text: string): string[] {
  const out: string[] = [];
  const re = /'([^']*)'|"([^"]*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

/**
 * tcpdump, or `sh -c 'tcpdump …'`, in a pod; null when the command is not one of these (the
 * caller goes on with its own list).
 */
export function podNetToolRun(ctx: CommandContext, pod: KObj, container: string, argv: string[]): Promise<number> | null {
  const c = (pod.spec.containers as ContainerSpec[]).find((x) => x.name === container);
  const image = c?.image ?? '';
  const viaShell = (argv[0] === 'sh' || argv[0] === '/bin/sh') && argv[1] === '-c' && argv[2] !== undefined;
  const cmd = viaShell ? words(argv[2]) : argv;
  if (cmd[0] !== 'tcpdump') return null;
  if (!imageHasTcpdump(image)) {
    if (!viaShell) return null; // the runtime's own "executable file not found" (exec.ts)
    ctx.err(shellIsDash(image) ? 'sh: 1: tcpdump: not found\n' : 'sh: tcpdump: not found\n');
    return Promise.resolve(127);
  }
  const host = podTcpdumpHost(ctx, pod, container);
  if (!host) return null;
  return tcpdumpRun(ctx, host, cmd.slice(1));
}

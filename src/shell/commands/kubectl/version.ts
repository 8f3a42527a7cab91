/** `kubectl version` and `kubectl cluster-info`. */
import type { Verb } from './common';
import { fail, hasKubeconfig, REFUSED, refusedDiscovery } from './common';

const CLIENT = 'Client Version: v1.28.2\nKustomize Version: v5.0.4-0.20230601165947-6ce0bf390ce3\n';

export const version: Verb = {
  name: 'version',
  summary: 'Print the client and server version information',
  server: 'none',
  flags: { client: { type: 'bool' }, output: { type: 'string', short: 'o' }, short: { type: 'bool' } },
  run(ctx, a) {
    ctx.out(CLIENT);
    if (a.flags.client) return 0;
    if (!hasKubeconfig(ctx, a)) return fail(ctx, REFUSED);
    ctx.out('Server Version: v1.28.2\n');
    return 0;
  },
};

export const clusterInfo: Verb = {
  name: 'cluster-info',
  summary: 'Display cluster information',
  server: 'none',
  flags: {},
  run(ctx, a) {
    const dump = "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n";
    if (!hasKubeconfig(ctx, a)) {
      ctx.out(dump);
      return fail(ctx, refusedDiscovery(ctx.world));
    }
    const server = `https://${ctx.world.state.nodes[0].ip}:6443`;
    const green = (s: string) => `\x1b[0;32m${s}\x1b[0m`;
    const yellow = (s: string) => `\x1b[0;33m${s}\x1b[0m`;
    ctx.out(`${green('Kubernetes control plane')} is running at ${yellow(server)}\n`);
    ctx.out(`${green('CoreDNS')} is running at ${yellow(`${server}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy`)}\n`);
    ctx.out(dump);
    return 0;
  },
};

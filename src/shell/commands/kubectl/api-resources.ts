/** `kubectl api-resources`: the discovery table, CRD kinds included once installed. */
import { kindApiVersion, kindsServed } from '../../../emulator/k8s/kinds';
import { kubectlTable } from '../../format/table';
import type { Verb } from './common';

export const apiResources: Verb = {
  name: 'api-resources',
  summary: 'Print the supported API resources on the server',
  server: 'discovery',
  flags: { namespaced: { type: 'string' }, 'api-group': { type: 'string' }, output: { type: 'string', short: 'o' }, 'no-headers': { type: 'bool' } },
  run(ctx, a) {
    let kinds = [...kindsServed(ctx.world.state.api)].sort((x, y) => (x.group === '' ? -1 : 0) - (y.group === '' ? -1 : 0) || x.group.localeCompare(y.group) || x.plural.localeCompare(y.plural));
    if (a.flags['api-group'] !== undefined) kinds = kinds.filter((k) => k.group === a.flags['api-group']);
    if (a.flags.namespaced !== undefined) kinds = kinds.filter((k) => String(k.namespaced) === String(a.flags.namespaced));
    if (a.flags.output === 'name') {
      for (const k of kinds) ctx.out((k.group ? `${k.plural}.${k.group}` : k.plural) + '\n');
      return 0;
    }
    const rows = kinds.map((k) => [k.plural, k.shortNames.join(','), kindApiVersion(k), String(k.namespaced), k.kind]);
    ctx.out(kubectlTable(a.flags['no-headers'] ? rows : [['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND'], ...rows]));
    return 0;
  },
};

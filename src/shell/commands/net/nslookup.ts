/**
 * nslookup in a pod: BusyBox's applet (busybox, Alpine images) or BIND's (netshoot), asking the
 * pod's nameserver (10.96.0.10) with real query packets through the cluster (emulator/net/dns.ts).
 * Only A records: the lab's Services are IPv4.
 */
import type { CommandContext } from '../../context';
import type { PodProc } from './pod-shell';
import { dnsCandidates, dnsQuery, DNS_ATTEMPTS, DNS_TIMEOUT_MS } from '../../../emulator/net/dns';
import { KUBE_DNS_IP } from '../../../emulator/k8s/services';

export async function nslookupRun(ctx: CommandContext, p: PodProc, argv: string[], flavour: 'busybox' | 'bind'): Promise<number> {
  const args = argv.slice(1).filter((a) => !a.startsWith('-'));
  const name = args[0];
  if (!name) {
    if (flavour === 'busybox') ctx.err('BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n');
    return 1;
  }
  const server = args[1] ?? KUBE_DNS_IP;
  const header = `Server:\t\t${server}\nAddress:\t${server}${flavour === 'bind' ? '#' : ':'}53\n\n`;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) {
    // A reverse lookup: CoreDNS answers PTR only for cluster addresses it knows; keep it simple.
    ctx.out(header);
    ctx.out(`** server can't find ${name.split('.').reverse().join('.')}.in-addr.arpa: NXDOMAIN\n\n`);
    return 1;
  }
  // nslookup applies the search list itself (BusyBox: like the resolver; BIND: for names without a dot…
  // and, with ndots:5 from resolv.conf, for these too).
  for (const cand of dnsCandidates(name, p.ns)) {
    let r = dnsQuery(ctx.world, p.from, p.ip, cand);
    for (let i = 1; r.kind === 'lost' && i < DNS_ATTEMPTS; i++) {
      await ctx.sleep(DNS_TIMEOUT_MS);
      if (ctx.interrupted()) return 130;
      r = dnsQuery(ctx.world, p.from, p.ip, cand, i);
    }
    if (r.kind === 'lost') {
      await ctx.sleep(DNS_TIMEOUT_MS);
      if (ctx.interrupted()) return 130;
      ctx.out(';; connection timed out; no servers could be reached\n\n');
      return 1;
    }
    await ctx.sleep(r.rttMs);
    if (r.kind === 'answer') {
      ctx.out(header);
      for (const ip of r.ips) ctx.out(`Name:\t${cand}\nAddress: ${ip}\n`);
      ctx.out('\n');
      return 0;
    }
  }
  ctx.out(header);
  ctx.out(`** server can't find ${flavour === 'busybox' ? dnsCandidates(name, p.ns).at(-1) : name}: NXDOMAIN\n\n`);
  return 1;
}

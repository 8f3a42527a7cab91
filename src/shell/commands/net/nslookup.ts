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
  if (flavour === 'busybox') return busyboxNslookup(ctx, p, name, header);
  // BIND's nslookup applies the search list (with ndots:5 from resolv.conf, to these names too).
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
  ctx.out(`** server can't find ${name}: NXDOMAIN\n\n`);
  return 1;
}

/** BusyBox nslookup's wait for answers: 5 s in all, the unanswered queries sent again halfway. */
const BUSYBOX_TIMEOUT_MS = 5000;
const BUSYBOX_RETRIES = 2;

/**
 * BusyBox's applet (checked against Debian's busybox 1.35.0 in a network namespace): the search
 * list only for a name without a dot (so `nslookup kubernetes.default` is NXDOMAIN, a well-known
 * surprise), an A and an AAAA query for every name, sent together and printed in order — a
 * record set or `** server can't find NAME: NXDOMAIN`, each followed by an empty line (a name
 * with no AAAA record prints only that line). Exit 1 when any query failed, even if another
 * found the name; nothing answering at all is `;; connection timed out; no servers could be
 * reached` after 5 s.
 */
async function busyboxNslookup(ctx: CommandContext, p: PodProc, name: string, header: string): Promise<number> {
  const names = name.includes('.') ? [name.replace(/\.$/, '')] : dnsCandidates(name, p.ns).filter((c) => c !== name);
  const outcomes = names.map((cand) => dnsQuery(ctx.world, p.from, p.ip, cand));
  for (let attempt = 1; attempt < BUSYBOX_RETRIES && outcomes.some((o) => o.kind === 'lost'); attempt++) {
    await ctx.sleep(BUSYBOX_TIMEOUT_MS / BUSYBOX_RETRIES);
    if (ctx.interrupted()) return 130;
    names.forEach((cand, i) => { if (outcomes[i].kind === 'lost') outcomes[i] = dnsQuery(ctx.world, p.from, p.ip, cand, attempt); });
  }
  const answered = outcomes.filter((o) => o.kind !== 'lost');
  if (answered.length === 0) {
    await ctx.sleep(BUSYBOX_TIMEOUT_MS / BUSYBOX_RETRIES);
    if (ctx.interrupted()) return 130;
    ctx.out(';; connection timed out; no servers could be reached\n\n');
    return 1;
  }
  await ctx.sleep(Math.max(...answered.map((o) => o.rttMs)));
  ctx.out(header);
  let failed = false;
  // A for every name, then AAAA: CoreDNS has no AAAA for a Service, so a found name's AAAA is an empty answer.
  for (const type of ['A', 'AAAA']) {
    outcomes.forEach((o, i) => {
      if (o.kind === 'lost') return;
      if (o.kind === 'nxdomain') {
        failed = true;
        ctx.out(`** server can't find ${names[i]}: NXDOMAIN\n\n`);
      } else if (type === 'A') ctx.out(`${o.ips.map((ip) => `Name:\t${names[i]}\nAddress: ${ip}\n`).join('')}\n`);
      else ctx.out('\n');
    });
  }
  const unanswered = names.filter((_, i) => outcomes[i].kind === 'lost');
  for (const n of unanswered) ctx.out(`*** Can't find ${n}: No answer\n*** Can't find ${n}: No answer\n`);
  if (unanswered.length) ctx.out('\n');
  return failed ? 1 : 0;
}

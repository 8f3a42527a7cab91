/**
 * `npm run bench`: performance figures of the emulator, printed as a table. Each bench module
 * returns rows; add yours to BENCHES. BENCH_SIZES=10,50 limits the BGP cluster sizes.
 */
import { bgpBench } from './bgp';
import type { BenchRow } from './bgp';
import { browserBench } from './browser';

const BENCHES: [string, (emit: (r: BenchRow) => void) => Promise<BenchRow[]>][] = [
  ['BGP control plane', bgpBench],
  ['Browser (headless Chromium, production builds; BENCH_BROWSER_RUNS=N loads each)', browserBench],
];

async function main(): Promise<void> {
  for (const [title, bench] of BENCHES) {
    console.log(`\n## ${title}\n`);
    // Rows print as they are measured (a 500-node run takes minutes on a loaded machine).
    await bench((r) => {
      const verdict = r.ok === undefined ? '' : r.ok ? '  ok' : '  MISSED';
      console.log(`${r.name}: ${r.value}${r.target ? `  (target ${r.target})` : ''}${verdict}`);
    });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

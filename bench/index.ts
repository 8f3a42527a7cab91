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
    // Rows print as they are measured (a 500-node run takes minutes on a loaded machine), then
    // again as a table, each figure against its target.
    const rows = await bench((r) => {
      const verdict = r.ok === undefined ? '' : r.ok ? '  ok' : '  MISSED';
      console.log(`${r.name}: ${r.value}${r.target ? `  (target ${r.target})` : ''}${verdict}`);
    });
    console.log(`\n${benchTable(rows)}`);
  }
}

/** A Markdown table: figure, measured, target, met. */
export function benchTable(rows: BenchRow[]): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const lines = ['| figure | measured | target | met |', '| --- | --- | --- | --- |'];
  for (const r of rows) lines.push(`| ${cell(r.name)} | ${cell(r.value)} | ${cell(r.target ?? '')} | ${r.ok === undefined ? '' : r.ok ? 'yes' : '**no**'} |`);
  return lines.join('\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

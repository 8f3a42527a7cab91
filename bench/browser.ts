/**
 * Browser figures (issues 6 and 9), measured in headless Chromium on production builds served
 * from 127.0.0.1, the app against the bare stack of ../shared/TOOLCHAIN.md (bench/bare/, built
 * in the same run):
 * - time from navigation to a terminal that has answered its first command (`hostname`), median
 *   of RUNS cold loads each (a fresh browser context, so no HTTP cache), and the ratio;
 * - initial JS+CSS gzip (what the page fetched before its first answer) and the session worker;
 * - a command's round trip through the worker (comlink call to the answer), median.
 * Run alone with `npx tsx bench/browser.ts`, or through bench/index.ts (`browserBench`).
 */
import { build } from 'vite';
import { chromium, type Page } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface BenchRow {
  name: string;
  value: string;
  target?: string;
  ok?: boolean;
}

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
// BENCH_OUT: a build folder of one's own (the machine is shared); BENCH_NO_BUILD=1 reuses it.
const OUT = process.env.BENCH_OUT ? join(root, process.env.BENCH_OUT) : join(here, '.out');
const RUNS = Number(process.env.BENCH_BROWSER_RUNS ?? 7);
/** BENCH_TRACE=FILE: a Chromium trace (both threads, JS samples) of the last app load, for chrome://tracing or the Performance panel. */
const TRACE = process.env.BENCH_TRACE;
/**
 * BENCH_COMPARE=DIR: another build of the app (an earlier commit, a variant), loaded in turn with
 * the two others, so a change is judged against its own before in the same run and load.
 */
const COMPARE = process.env.BENCH_COMPARE;
const ROUND_TRIPS = 40;
const PROMPT = 'root@k8s-master01:~#';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function buildBoth(): Promise<{ app: string; bare: string }> {
  const app = join(OUT, 'app');
  const bare = join(OUT, 'bare');
  if (process.env.BENCH_NO_BUILD) return { app, bare };
  await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn', build: { outDir: app, emptyOutDir: true } });
  await build({
    root: join(here, 'bare'),
    configFile: join(here, 'bare', 'vite.config.ts'),
    build: { outDir: bare, emptyOutDir: true },
  });
  return { app, bare };
}

/**
 * gzip (level 9) of the JS and CSS files the page fetched before its first answer (resource
 * timing), the session worker counted apart: the entry, its preloads and the app's chunk.
 */
async function loadedGzip(dir: string, names: string[]): Promise<{ js: number; css: number; worker: number }> {
  let js = 0;
  let css = 0;
  let worker = 0;
  for (const name of new Set(names)) {
    const path = new URL(name).pathname;
    if (!/\.(js|css)$/.test(path)) continue;
    const size = gzipSync(await readFile(join(dir, path.replace(/^\//, ''))), { level: 9 }).length;
    if (/\/session\.worker-|\/worker-[^/]*\.js$/.test(path)) worker += size;
    else if (path.endsWith('.css')) css += size;
    else js += size;
  }
  return { js, css, worker };
}

/**
 * Both builds served by a child process: in this one, Playwright's traffic (and a trace being
 * received) would hold up the files, the same for both pages but not in proportion to their
 * requests.
 */
async function serveBoth(
  appDir: string,
  bareDir: string,
  compareDir = bareDir,
): Promise<{ app: { url: string }; bare: { url: string }; compare: { url: string }; close: () => void }> {
  const server = join(root, 'tests/e2e/static-server.mjs');
  const code = `import { serveStatic } from ${JSON.stringify(server)};
const a = await serveStatic(${JSON.stringify(appDir)});
const b = await serveStatic(${JSON.stringify(bareDir)});
const c = await serveStatic(${JSON.stringify(compareDir)});
console.log(JSON.stringify([a.url, b.url, c.url]));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (c) => reject(new Error(`static server exited (${c})`)));
  });
  const [appUrl, bareUrl, compareUrl] = JSON.parse(first) as [string, string, string];
  return { app: { url: appUrl }, bare: { url: bareUrl }, compare: { url: compareUrl }, close: () => void child.kill() };
}

// A string, not a function: tsx would wrap a function's body in helpers the page does not have.
const PROBE = `(() => {
  const probe = (window.__probe = {});
  const obs = new MutationObserver(() => {
    const text = (document.querySelector('.xterm-rows')?.textContent ?? '').replace(/\u00a0/g, ' ');
    if (probe.promptAt === undefined && text.includes(${JSON.stringify(PROMPT)})) {
      probe.promptAt = performance.now();
      performance.mark('bench:prompt'); // for BENCH_TRACE
      // Focused and reported from here, not through Playwright's locators or waitForFunction:
      // those inject a script into the page (60-200 ms of its main thread, at a random moment of
      // the load) that neither page should be charged for.
      document.querySelector('.xterm-helper-textarea')?.focus();
      window.__benchSaw('prompt');
    }
    if (probe.answerAt === undefined && /hostname\s*k8s-master01/.test(text)) {
      probe.answerAt = performance.now();
      performance.mark('bench:answer');
      obs.disconnect();
      window.__benchSaw('answer');
    }
  });
  document.addEventListener('DOMContentLoaded', () =>
    obs.observe(document.body, { subtree: true, childList: true, characterData: true }),
  );
})();`;

const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'v8',
  'disabled-by-default-v8.cpu_profiler',
  'blink.user_timing',
  'loading',
  'toplevel',
];

async function firstAnswer(
  page: Page,
  url: string,
): Promise<{ prompt: number; answer: number; monacoAtStart: boolean; loaded: string[]; marks: Record<string, number> }> {
  const signal = () => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  };
  const seen = { prompt: signal(), answer: signal() };
  await page.exposeFunction('__benchSaw', (what: 'prompt' | 'answer') => seen[what].resolve());
  const within = (p: Promise<void>, what: string) =>
    Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no ${what} within 30 s`)), 30_000).unref())]);
  await page.addInitScript({ content: PROBE });
  await page.goto(url);
  await within(seen.prompt.promise, 'prompt');
  await page.keyboard.type('hostname');
  await page.keyboard.press('Enter');
  await within(seen.answer.promise, 'answer');
  const probe = (await page.evaluate('window.__probe')) as { promptAt: number; answerAt: number };
  const monacoAtStart = (await page.evaluate(
    "performance.getEntriesByType('resource').some((e) => /editor\\.api|register\\.all|monaco/i.test(e.name))",
  )) as boolean;
  // Fetched before the answer: started before it (what follows is not the first screen's cost).
  const loaded = (await page.evaluate(
    `performance.getEntriesByType('resource').filter((e) => e.startTime <= ${probe.answerAt}).map((e) => e.name)`,
  )) as string[];
  // The app's own milestones (App.svelte's performance marks), to see which part moved.
  const marks = (await page.evaluate(
    `Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('calico-lab:')).map((m) => [m.name.slice(11), m.startTime]))`,
  )) as Record<string, number>;
  return { prompt: probe.promptAt, answer: probe.answerAt, monacoAtStart, loaded, marks };
}

export async function browserBench(): Promise<BenchRow[]> {
  const dirs = await buildBoth();
  // The machine may be shared: the load average says how much the figures can be trusted.
  const loadBefore = loadavg()[0]!;
  const { app, bare, compare, close } = await serveBoth(dirs.app, dirs.bare, COMPARE ? resolve(COMPARE) : undefined);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
  const appRuns: number[] = [];
  const bareRuns: number[] = [];
  const compareRuns: number[] = [];
  /** Each page's milestones per load: the app's marks, then prompt and answer. */
  const milestones: Record<'app' | 'compare', Record<string, number>[]> = { app: [], compare: [] };
  const appPrompt: number[] = [];
  let monacoAtStart = false;
  let appLoaded: string[] = [];
  let bareLoaded: string[] = [];
  const trips: Record<string, number[]> = { hostname: [], 'kubectl get nodes': [], 'ip r': [] };
  try {
    // One warm-up load of each (disk cache of the OS, Chromium's own start-up), not counted.
    for (let i = -1; i < RUNS; i++) {
      for (const which of COMPARE ? (['app', 'bare', 'compare'] as const) : (['app', 'bare'] as const)) {
        // bypassCSP: Playwright evaluates the probes' strings with eval, which the app's policy refuses.
        const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
        const page = await ctx.newPage();
        const url = which === 'app' ? app.url + '?debug' : which === 'bare' ? bare.url : compare.url + '?debug';
        const r = await firstAnswer(page, url);
        if (i >= 0 && which !== 'bare') milestones[which].push({ ...r.marks, prompt: r.prompt, answer: r.answer });
        if (i >= 0) {
          if (which === 'compare') compareRuns.push(r.answer);
          else if (which === 'app') {
            appRuns.push(r.answer);
            appPrompt.push(r.prompt);
            monacoAtStart ||= r.monacoAtStart;
            appLoaded = r.loaded;
          } else {
            bareRuns.push(r.answer);
            bareLoaded = r.loaded;
          }
        }
        if (i === RUNS - 1 && which === 'app') {
          for (const cmd of Object.keys(trips)) {
            const ms = (await page.evaluate(`(async () => {
              const out = [];
              for (let k = 0; k < ${ROUND_TRIPS}; k++) {
                const t = performance.now();
                await window.__calicoLab.exec(${JSON.stringify(cmd)});
                out.push(performance.now() - t);
              }
              return out;
            })()`)) as number[];
            trips[cmd]!.push(...ms.slice(3)); // the first few warm the JIT
          }
        }
        await ctx.close();
      }
    }
    if (TRACE !== undefined) {
      // One more app load, traced and not counted: receiving the trace slows the bench's own
      // process (which also serves the files).
      const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
      const page = await ctx.newPage();
      await browser.startTracing(page, { path: TRACE, categories: TRACE_CATEGORIES });
      await firstAnswer(page, app.url + '?debug');
      await browser.stopTracing();
      await ctx.close();
    }
  } finally {
    await browser.close();
    close();
  }
  const loadAfter = loadavg()[0]!;
  const a = median(appRuns);
  const b = median(bareRuns);
  const ratio = a / b;
  const size = await loadedGzip(dirs.app, appLoaded);
  const bareSize = await loadedGzip(dirs.bare, bareLoaded);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const total = size.js + size.css;
  const rows: BenchRow[] = [
    { name: `first command answered, app (median of ${RUNS})`, value: `${a.toFixed(0)} ms (prompt at ${median(appPrompt).toFixed(0)} ms)` },
    { name: `first command answered, bare stack (median of ${RUNS})`, value: `${b.toFixed(0)} ms` },
    { name: 'app / bare', value: ratio.toFixed(2), target: '≤ 1.3', ok: ratio <= 1.3 },
    // Loads next to each other share the machine's load of the moment: their ratios vary less.
    { name: 'app / bare, median of each round\'s ratio', value: median(appRuns.map((x, i) => x / bareRuns[i]!)).toFixed(2) },
    { name: 'each load, app / bare (ms, in order)', value: `${appRuns.map((x) => x.toFixed(0)).join(' ')} / ${bareRuns.map((x) => x.toFixed(0)).join(' ')}` },
    ...(COMPARE
      ? [
          {
            name: `compared build ${COMPARE}: median, / bare, each load`,
            value:
              `${median(compareRuns).toFixed(0)} ms, ${(median(compareRuns) / b).toFixed(2)}; app / compared ${(a / median(compareRuns)).toFixed(2)} ` +
              `(median of each round's ${median(appRuns.map((x, i) => x / compareRuns[i]!)).toFixed(2)}); ${compareRuns.map((x) => x.toFixed(0)).join(' ')}`,
          },
        ]
      : []),
    ...(['app', 'compare'] as const)
      .filter((w) => milestones[w].length > 0)
      .map((w) => ({
        name: `${w} milestones, median ms`,
        value: Object.keys(milestones[w][0]!)
          .map((k) => `${k} ${median(milestones[w].map((m) => m[k] ?? NaN)).toFixed(0)}`)
          .join(', '),
      })),
    { name: 'load average (1 min) before / after the loads', value: `${loadBefore.toFixed(1)} / ${loadAfter.toFixed(1)}` },
    { name: 'initial JS+CSS gzip, app (before the first answer)', value: `${kb(total)} (JS ${kb(size.js)}, CSS ${kb(size.css)})`, target: '≤ 300 KB', ok: total <= 300 * 1024 },
    { name: 'initial JS+CSS gzip, bare stack', value: kb(bareSize.js + bareSize.css) },
    { name: 'session worker gzip (loaded at start)', value: `${kb(size.worker)} (bare: ${kb(bareSize.worker)})` },
    { name: 'Monaco loaded before first use', value: monacoAtStart ? 'yes' : 'no', target: 'no', ok: !monacoAtStart },
  ];
  for (const [cmd, ms] of Object.entries(trips)) {
    const m = median(ms);
    rows.push({ name: `worker round trip, ${cmd} (median of ${ms.length})`, value: `${m.toFixed(1)} ms`, target: '< 30 ms', ok: m < 30 });
  }
  return rows;
}

// Run alone: `npx tsx bench/browser.ts` prints the same table as bench/index.ts would.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  browserBench()
    .then((rows) => {
      console.log('\n## Browser (headless Chromium, production builds)\n');
      const w = Math.max(...rows.map((r) => r.name.length));
      for (const r of rows) {
        const verdict = r.ok === undefined ? '' : r.ok ? '  ok' : '  MISSED';
        console.log(`${r.name.padEnd(w)}  ${r.value}${r.target ? `  (target ${r.target})` : ''}${verdict}`);
      }
    })
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}

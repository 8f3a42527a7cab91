// Takes docs/screenshot.png: the first lab after installing Calico, at 1366x768.
// Run after `vite build`: node tests/e2e/screenshot.mjs
import { chromium } from 'playwright-core';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from './static-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const server = await serveStatic(join(root, 'dist'));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.goto(server.url);
  await page.waitForFunction(() => document.querySelector('.xterm-rows')?.textContent?.includes('root@'));
  await page.locator('.xterm-helper-textarea').first().focus();
  const prompts = () => page.evaluate(() => document.querySelector('.xterm-rows')?.textContent?.split('~#').length ?? 0);
  const run = async (line) => {
    const n = await prompts();
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
    await page.waitForFunction((k) => (document.querySelector('.xterm-rows')?.textContent?.split('~#').length ?? 0) > k, n);
  };
  await run('kubectl get nodes');
  await run('curl https://docs.projectcalico.org/manifests/calico.yaml -O');
  await run('kubectl apply -f calico.yaml | tail -3');
  // Fast-forward the simulated clock (1x -> 2x -> 5x -> 10x -> 20x) until calico-node has made every node Ready.
  for (let i = 0; i < 4; i++) await page.locator('[data-testid="clock-speed"]').click();
  await page
    .waitForFunction(() => ![...document.querySelectorAll('[data-testid^="open-"]')].some((b) => b.textContent?.includes('NotReady')), undefined, { timeout: 40_000 })
    .catch(() => console.log('nodes did not all become Ready in time'));
  await page
    .waitForFunction(() => /: [1-9]/.test(document.querySelector('[data-testid="bgp-counter"]')?.textContent ?? ''), undefined, { timeout: 30_000 })
    .catch(() => console.log('no BGP session came up in time'));
  // Back to real time (20x -> 0.5x -> 1x).
  await page.locator('[data-testid="clock-speed"]').click();
  await page.locator('[data-testid="clock-speed"]').click();
  await page.locator('.xterm-helper-textarea').first().focus();
  await page.keyboard.type('clear');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(500); // the screen is wiped, so there is no prompt count to wait on
  await run('kubectl get nodes');
  await run('ip route');
  // Inspect the master: its BGP peers and pods show under the graph.
  await page.locator('[data-testid="open-k8s-master01"]').evaluate((b) => b.click());
  await page.waitForTimeout(800);
  const out = process.argv[2] ?? join(root, 'docs', 'screenshot.png');
  await page.screenshot({ path: out });
  console.log(`saved ${out}`);
} catch (err) {
  console.log(await browser.contexts()[0]?.pages()[0]?.evaluate(() => document.querySelector('.xterm-rows')?.textContent));
  throw err;
} finally {
  await browser.close();
  await server.close();
}

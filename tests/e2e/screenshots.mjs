// Regenerates the README's screenshots of the main states into docs/, in headless Chromium:
//   npm run screenshots      (builds into dist-screenshots/ first; never touches dist/)
//   node tests/e2e/screenshots.mjs [build folder]
// States: a hovered route explained (1366x768, light), BGP rows in the dark theme (1366x768),
// and projector mode with the presenter's step buttons (1920x1080).
import { chromium } from 'playwright-core';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from './static-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = resolve(root, process.argv[2] ?? 'dist');
const docs = join(root, 'docs');
const PROMPT = 'root@k8s-master01:~#';
const server = await serveStatic(dist);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
});

/** A fresh page (own storage) at a size and colour scheme, with a tiny terminal driver. */
async function open(path, { width, height, scheme }) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme: scheme });
  const page = await context.newPage();
  await page.goto(server.url + path);
  const screenText = () =>
    page.evaluate(() => {
      const screen = [...document.querySelectorAll('[data-testid="terminal"] .screen')].find((s) => !s.classList.contains('hidden'));
      return (screen?.querySelector('.xterm-rows')?.textContent ?? '').replace(/\u00a0/g, ' ');
    });
  const waitFor = async (text) => {
    for (let t0 = Date.now(); Date.now() - t0 < 30_000; await page.waitForTimeout(100)) if ((await screenText()).includes(text)) return;
    throw new Error(`the terminal never showed ${text}`);
  };
  await waitFor(PROMPT);
  await page.locator('[data-testid="terminal"] .xterm-helper-textarea').first().focus();
  const run = async (line, until) => {
    const before = (await screenText()).split(PROMPT).length;
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
    for (let t0 = Date.now(); Date.now() - t0 < 30_000; await page.waitForTimeout(100)) if ((await screenText()).split(PROMPT).length > before) break;
    if (until) await waitFor(until);
  };
  /** Moves the pointer onto the terminal row matching `re`, so its explanation shows. */
  const hover = async (re) => {
    const box = await page.evaluate((source) => {
      const screen = [...document.querySelectorAll('[data-testid="terminal"] .screen')].find((s) => !s.classList.contains('hidden'));
      const row = [...(screen?.querySelectorAll('.xterm-rows > div') ?? [])].find((d) => new RegExp(source).test((d.textContent ?? '').replace(/\u00a0/g, ' ')));
      const r = row?.getBoundingClientRect();
      return r ? { x: r.x, y: r.y, h: r.height } : null;
    }, re.source);
    if (!box) throw new Error(`no row matches ${re}`);
    await page.mouse.move(box.x + 30, box.y + box.h / 2);
    await page.mouse.move(box.x + 50, box.y + box.h / 2);
    await page.locator('[data-testid="explain-tooltip"]').waitFor({ timeout: 15_000 });
    await page.waitForTimeout(400); // the topology's highlight is drawn
  };
  return { page, run, hover, close: () => context.close() };
}

async function shot(page, name) {
  const path = join(docs, name);
  await page.screenshot({ path });
  console.log(`saved ${path}`);
}

try {
  {
    const s = await open('?sandbox&scenario=installed', { width: 1366, height: 768, scheme: 'light' });
    await s.run('ip r', 'dev tunl0');
    await s.hover(/^10\.244\.2\.0\/24 via/);
    await shot(s.page, 'screenshot-explain.png');
    await s.close();
  }
  {
    const s = await open('?sandbox&scenario=installed', { width: 1366, height: 768, scheme: 'dark' });
    await s.run('ssh k8s-node02 iptables -A INPUT -p tcp --dport 179 -j DROP');
    await s.run('ssh k8s-node02 iptables -A INPUT -p tcp --sport 179 -j DROP');
    await s.run('sleep 250');
    await s.run('birdcl show protocols', 'Mesh_172_16_11_82');
    await s.hover(/^Mesh_172_16_11_82/);
    await shot(s.page, 'screenshot-dark-bgp.png');
    await s.close();
  }
  {
    const s = await open('?lab=read-routes', { width: 1920, height: 1080, scheme: 'dark' });
    await s.page.locator('[data-testid="projector-switch"]').click();
    await s.page.waitForTimeout(300);
    await s.page.locator('[data-testid="presenter-next"]').click();
    await s.page.locator('[data-testid="presenter-next"]').click();
    await s.page.locator('[data-testid="terminal"] .xterm-helper-textarea').first().focus();
    await s.run('ssh k8s-node01', 'root@k8s-node01');
    await s.page.keyboard.type('ip r list');
    await s.page.keyboard.press('Enter');
    await s.page.waitForTimeout(800);
    await shot(s.page, 'screenshot-projector.png');
    await s.close();
  }
} finally {
  await browser.close();
  await server.close();
}

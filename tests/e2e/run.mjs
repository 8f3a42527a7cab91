// Browser test: drives the production build in headless Chromium, as a student would.
// Run with `npm run test:browser` (builds first). Prints "N passed, M failed" last.
// The main flow below shares one page; each file in specs/ adds tests of its own after it
// (E2E_SPECS=word runs only the spec files whose name contains word). E2E_DIST=folder serves
// another build, so two people can build and test at once without overwriting dist/.
import { chromium } from 'playwright-core';
import { mkdir } from 'node:fs/promises';
import { readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from './static-server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const artifacts = join(here, 'artifacts');
const PROMPT = 'root@k8s-master01:~#';
const CURL = 'curl https://docs.projectcalico.org/manifests/calico.yaml -O';
const WAIT = 15_000;

/** The app opens the first lab by default; LAB=id picks another. */
const lab = process.env.LAB ?? null;

const problems = [];
let downloadChecks = []; // test ids of the download step's checks, found in the lab view // console errors and foreign requests, reported by their own test
const results = [];

async function test(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.push(true);
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (err) {
    results.push(false);
    console.log(`FAIL ${name}\n     ${String(err?.message ?? err).split('\n').slice(0, 6).join('\n     ')}`);
  }
}

/** Terminal helpers bound to one page (the visible tab's xterm rows). */
function driver(page, prompt = PROMPT) {
  const rows = () =>
    page.evaluate(() => {
      const screen = [...document.querySelectorAll('[data-testid="terminal"] .screen')].find(
        (s) => !s.classList.contains('hidden'),
      );
      return (screen?.querySelector('.xterm-rows')?.textContent ?? '').replace(/\u00a0/g, ' ');
    });
  const rowLines = () =>
    page.evaluate(() => {
      const screen = [...document.querySelectorAll('[data-testid="terminal"] .screen')].find(
        (s) => !s.classList.contains('hidden'),
      );
      return [...(screen?.querySelectorAll('.xterm-rows > div') ?? [])].map((d) =>
        (d.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd(),
      );
    });
  async function waitForText(text, timeout = WAIT) {
    const t0 = Date.now();
    while (Date.now() - t0 < timeout) {
      if ((await rows()).includes(text)) return;
      await page.waitForTimeout(50);
    }
    throw new Error(`terminal never showed ${JSON.stringify(text)}; it shows:\n${(await rowLines()).filter(Boolean).slice(-8).join('\n')}`);
  }
  /** Counts occurrences, so a second identical prompt can be awaited. */
  async function waitForCount(text, n, timeout = WAIT) {
    const t0 = Date.now();
    while (Date.now() - t0 < timeout) {
      if ((await rows()).split(text).length - 1 >= n) return;
      await page.waitForTimeout(50);
    }
    throw new Error(`terminal never showed ${n}× ${JSON.stringify(text)}`);
  }
  async function run(line) {
    const before = (await rows()).split(prompt).length - 1;
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
    await waitForCount(prompt, before + 1);
  }

  return { rows, rowLines, waitForText, waitForCount, run };
}

/** A saved session as the app stores it (IndexedDB `calico-lab`, store `progress`), or ''. */
function savedSession(page, key) {
  return page.evaluate(
    (k) =>
      new Promise((resolve) => {
        const r = indexedDB.open('calico-lab');
        r.onupgradeneeded = () => r.transaction.abort(); // never create the app's database here
        r.onerror = () => resolve('');
        r.onsuccess = () => {
          const db = r.result;
          if (!db.objectStoreNames.contains('progress')) return db.close(), resolve('');
          const g = db.transaction('progress').objectStore('progress').get(k);
          g.onsuccess = () => (db.close(), resolve(typeof g.result === 'string' ? g.result : ''));
          g.onerror = () => (db.close(), resolve(''));
        };
      }),
    key,
  );
}

/** Waits until the saved session under `key` contains `text` ('' = anything saved). */
async function waitSaved(page, key, text = '', timeout = WAIT) {
  const t0 = Date.now();
  for (;;) {
    const v = await savedSession(page, key);
    if (v !== '' && v.includes(text)) return v;
    if (Date.now() - t0 > timeout) throw new Error(`nothing saved under ${key}${text ? ` containing ${text}` : ''}`);
    await page.waitForTimeout(100);
  }
}

const server = await serveStatic(resolve(root, process.env.E2E_DIST ?? 'dist'));
const origin = new URL(server.url).origin;
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
const watchdog = setTimeout(() => {
  console.log('FAIL the whole run took longer than 600 s');
  process.exit(1);
}, 600_000);

/**
 * A page in a fresh context (its own localStorage) whose console errors, page errors, foreign
 * requests and Content-Security-Policy violations (in the page and its workers) become problems.
 */
async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    globalThis.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    const url = r.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    if (new URL(url).origin !== origin) problems.push(`request to a foreign origin: ${url}`);
  });
  return page;
}

try {
  const page = await newPage();

  const { rows, rowLines, waitForText, waitForCount, run } = driver(page);

  const t0 = Date.now();
  await page.goto(server.url + (lab ? `?lab=${encodeURIComponent(lab)}` : ''));

  await test('the terminal shows the master prompt', async () => {
    await waitForText(PROMPT);
    console.log(`     ready ${Date.now() - t0} ms after navigation`);
  });
  await page.locator('[data-testid="terminal"] .xterm-helper-textarea').first().focus();

  await test('kubectl get nodes shows NotReady before a CNI is installed', async () => {
    await run('kubectl get nodes');
    await waitForText('NotReady');
  });

  await test('an unknown command answers like the node (Ubuntu\'s command-not-found)', async () => {
    await run('foo');
    await waitForText('foo: command not found');
    if ((await rowLines()).some((l) => l.includes('bash: foo'))) throw new Error('bash answered, not command-not-found');
  });

  await test('Tab completes hostn to hostname', async () => {
    await page.keyboard.type('hostn');
    await page.keyboard.press('Tab');
    const t = Date.now();
    while (!(await rowLines()).some((l) => l.endsWith(`${PROMPT} hostname`))) {
      if (Date.now() - t > WAIT) throw new Error(`no completion; last rows:\n${(await rowLines()).filter(Boolean).slice(-3).join('\n')}`);
      await page.waitForTimeout(50);
    }
    const before = (await rows()).split(PROMPT).length - 1;
    await page.keyboard.press('Enter');
    await waitForCount(PROMPT, before + 1);
  });

  await test('Ctrl-C stops a waiting command and gives the prompt back', async () => {
    // ping without -c runs until interrupted, then prints its statistics (sleep fast-forwards).
    const before = (await rows()).split(PROMPT).length - 1;
    await page.keyboard.type('ping 172.16.11.81');
    await page.keyboard.press('Enter');
    await waitForText('bytes from 172.16.11.81');
    await page.keyboard.press('Control+c');
    await waitForCount(PROMPT, before + 1, 5000);
    const lines = await rowLines();
    if (!lines.some((l) => l.endsWith('^C'))) throw new Error(`no ^C echoed:\n${lines.filter(Boolean).slice(-4).join('\n')}`);
    await waitForText('--- 172.16.11.81 ping statistics ---');
  });

  await test('a node in the topology opens its own terminal tab', async () => {
    // The same handler as a click on the canvas node, reached through the accessible list.
    await page.locator('[data-testid="open-k8s-node01"]').evaluate((b) => b.click());
    await page.locator('[data-testid="tab-k8s-node01"][aria-selected="true"]').waitFor({ timeout: WAIT });
    await waitForText('root@k8s-node01:~#');
    await page.locator('[data-testid="tab-k8s-master01"]').click();
    await page.waitForFunction(() => document.activeElement?.classList.contains('xterm-helper-textarea'));
  });

  await test('the download step of the first lab ticks its check', async () => {
    if ((await page.locator('[data-testid^="step-"]').count()) === 0) {
      throw new Error('pending: no lab is loaded (is labs/ empty?)');
    }
    const step = page.locator('[data-testid^="step-"]', { has: page.locator(`[data-cmd="${CURL}"]`) }).first();
    await step.waitFor({ timeout: WAIT });
    const checks = step.locator('[data-testid^="check-"]');
    const ids = await checks.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    if (ids.length === 0) throw new Error('the download step has no checks');
    await run(CURL);
    await page.waitForFunction(
      (sel) => [...document.querySelectorAll(sel)].every((e) => e.getAttribute('data-passed') === 'true'),
      ids.map((id) => `[data-testid="${id}"]`).join(','),
      { timeout: WAIT },
    );
    downloadChecks = ids;
    console.log(`     passed: ${ids.join(', ')}`);
  });

  await test('vim opens the file in the lazy editor, and Close hands the keyboard back', async () => {
    await run('vim calico.yaml');
    const editor = page.locator('[data-testid="editor"] .monaco-editor .view-lines');
    await editor.waitFor({ timeout: WAIT });
    await page.waitForFunction(
      () => (document.querySelector('[data-testid="editor"] .view-lines')?.textContent ?? '').trim().length > 0,
      undefined,
      { timeout: WAIT },
    );
    await page.locator('[data-testid="editor"] header button').last().click();
    await page.waitForFunction(() => document.activeElement?.classList.contains('xterm-helper-textarea'), undefined, {
      timeout: WAIT,
    });
  });

  await test('the language switch translates the page and is remembered', async () => {
    const title = page.locator('header h1');
    const before = await title.textContent();
    await page.locator('[data-testid="lang-switch"]').click();
    const after = await title.textContent();
    const saved = await page.evaluate(() => localStorage.getItem('calico-lab.locale'));
    await page.locator('[data-testid="lang-switch"]').click();
    if (before === after || !saved) throw new Error(`title ${before} -> ${after}, saved ${saved}`);
    await page.locator('[data-testid="terminal"] .xterm-helper-textarea').first().focus();
  });

  await test('the lab picker lists the bundled labs', async () => {
    const options = await page.locator('[data-testid="lab-picker"] option').count();
    if (options < 2) throw new Error(`the picker offers ${options} entries`);
  });

  await test('the topology shows the cluster', async () => {
    const counter = await page.locator('[data-testid="bgp-counter"]').textContent();
    if (!/\d+ established \/ \d+/.test(counter ?? '')) throw new Error(`counter reads ${counter}`);
    await page.locator('[data-testid="topology"] canvas').first().waitFor({ timeout: WAIT });
  });

  await page.waitForTimeout(400); // let the topology settle before the picture
  await mkdir(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, 'app-1366x768.png') });

  await test('progress survives a page reload', async () => {
    // The app saves the session every few seconds; wait for a save, then reload.
    await waitSaved(page, lab ? `calico-lab.session.lab:${lab}` : 'calico-lab.session.default');
    await page.reload();
    await waitForText(PROMPT);
    if (downloadChecks.length === 0) throw new Error('pending: the download step did not pass');
    await page.waitForFunction(
      (ids) => ids.every((id) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-passed') === 'true'),
      downloadChecks,
      { timeout: WAIT },
    );
  });

  await test('the built page carries the Content-Security-Policy, and Monaco ran under it', async () => {
    const csp = await page.evaluate(
      () => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
    );
    if (!/script-src 'self'(;|$)/.test(csp) || /unsafe-eval|script-src[^;]*unsafe-inline/.test(csp)) {
      throw new Error(`policy: ${csp || '(none)'}`);
    }
    // Violations are console errors (see newPage); the final test fails on any.
    const violations = problems.filter((p) => p.includes('CSP violation') || p.includes('Content Security Policy'));
    if (violations.length > 0) throw new Error(violations.join('\n'));
  });

  await test('a reload restores each terminal with its node and history', async () => {
    const p = await newPage();
    const master = driver(p);
    await p.goto(server.url + '?sandbox');
    await master.waitForText(PROMPT);
    await p.locator('[data-testid="terminal"] .xterm-helper-textarea').first().focus();
    await master.run('kubectl get nodes');
    const node = driver(p, 'root@k8s-node01:~#');
    await node.run('ssh k8s-node01');
    // Saved after every command: the snapshot holds the ssh as soon as its prompt is back.
    await waitSaved(p, 'calico-lab.session.sandbox', 'ssh k8s-node01');
    await p.reload();
    await node.waitForText('root@k8s-node01:~#');
    if ((await p.locator('[data-testid="terminal"] .screen').count()) !== 1) throw new Error('a second terminal was opened');
    await p.locator('[data-testid="terminal"] .xterm-helper-textarea').first().focus();
    await p.keyboard.press('ArrowUp');
    await p.waitForFunction(
      () => [...document.querySelectorAll('.xterm-rows > div')].some((d) => /k8s-node01:~# ssh k8s-node01\s*$/.test(d.textContent.replace(/\u00a0/g, ' '))),
      undefined,
      { timeout: 5000 },
    );
    await p.keyboard.press('ArrowUp');
    await p.waitForFunction(
      () => [...document.querySelectorAll('.xterm-rows > div')].some((d) => /k8s-node01:~# kubectl get nodes\s*$/.test(d.textContent.replace(/\u00a0/g, ' '))),
      undefined,
      { timeout: 5000 },
    );
    await p.context().close();
  });

  await test('a corrupted saved state offers a reset instead of a blank page', async () => {
    const p = await newPage();
    await p.goto(server.url + '?sandbox');
    await driver(p).waitForText(PROMPT);
    for (const broken of ['{"world": "trunc', JSON.stringify({ world: JSON.stringify({ nodes: [{ name: 'x' }] }), terminals: [], lab: null, options: {} })]) {
      // Written where older versions kept it: the app moves it to IndexedDB, then refuses it.
      await p.evaluate((v) => localStorage.setItem('calico-lab.session.sandbox', v), broken);
      await p.reload();
      await p.locator('[data-testid="restore-failed"]').waitFor({ timeout: WAIT });
      await p.locator('[data-testid="restore-reset"]').click();
      await driver(p).waitForText(PROMPT);
      if ((await p.locator('[data-testid="restore-failed"]').count()) !== 0) throw new Error('the offer stayed');
    }
    await p.context().close();
  });

  await test('a hung or killed worker is restarted from the last save; only the command in flight is lost', async () => {
    const p = await newPage();
    const d = driver(p);
    await p.goto(server.url + '?sandbox&debug&watchdog=3000');
    await d.waitForText(PROMPT);
    await p.locator('[data-testid="terminal"] .xterm-helper-textarea').first().focus();
    await d.run('echo kept > kept.txt');
    await waitSaved(p, 'calico-lab.session.sandbox', 'kept.txt');
    await p.evaluate(() => window.__calicoLab.hangWorker());
    await p.keyboard.type('hostname');
    await p.keyboard.press('Enter');
    await p.locator('[data-testid="worker-restarted"]').waitFor({ timeout: WAIT });
    await d.waitForText('this command was lost');
    await d.waitForCount(PROMPT, 3);
    await d.run('cat kept.txt');
    await d.waitForText('kept');
    // Killed outright (no error, no answer): the heartbeat notices.
    await p.evaluate(() => window.__calicoLab.killWorker());
    await p.waitForFunction(() => window.__calicoLab.restarts() === 2, undefined, { timeout: WAIT });
    await d.run('hostname');
    const lines = (await d.rowLines()).filter(Boolean);
    if (lines.at(-2) !== 'k8s-master01') throw new Error(`after the second restart:\n${lines.slice(-4).join('\n')}`);
    await p.context().close();
  });

  await test('a share link opens the same cluster in a fresh context: the same ip r and history', async () => {
    const p = await newPage();
    const d = driver(p);
    await p.goto(server.url + '?scenario=installed');
    await d.waitForText(PROMPT);
    await p.locator('[data-testid="terminal"] .xterm-helper-textarea').first().focus();
    await d.run('ip route add 10.99.0.0/16 via 172.16.11.81');
    await d.run('ip r');
    const routes = (lines) => lines.filter((l) => /^(default|blackhole|\d+\.\d+)/.test(l)).join('\n');
    const before = routes(await d.rowLines());
    if (!before.includes('10.99.0.0/16')) throw new Error(`ip r shows:\n${before}`);
    await p.locator('[data-testid="share"]').click();
    const url = await p.locator('[data-testid="share-url"]').inputValue({ timeout: WAIT });
    if (!/#share=[A-Za-z0-9_-]+$/.test(url)) throw new Error(`share url: ${url}`);
    await p.context().close();
    const q = await newPage();
    const e = driver(q);
    await q.goto(url);
    await e.waitForText(PROMPT);
    await q.locator('[data-testid="terminal"] .xterm-helper-textarea').first().focus();
    await e.run('ip r');
    const after = routes(await e.rowLines());
    if (after !== before) throw new Error(`ip r differs:\n${before}\n---\n${after}`);
    // History: the replayed route add is three lines up (then the replayed ip r, then this one).
    for (let i = 0; i < 3; i++) await q.keyboard.press('ArrowUp');
    const t = Date.now();
    while (!(await e.rowLines()).some((l) => l.endsWith('# ip route add 10.99.0.0/16 via 172.16.11.81'))) {
      if (Date.now() - t > 5000) throw new Error(`history not replayed; last rows:\n${(await e.rowLines()).filter(Boolean).slice(-3).join('\n')}`);
      await q.waitForTimeout(50);
    }
    if (new URL(q.url()).hash) throw new Error('the share fragment stayed in the address bar');
    // The scrubber: back to the start, the route is not there yet; one step on (the route add), it is.
    const pos = q.locator('[data-testid="scrub-position"]');
    const total = Number((await pos.textContent()).split('/')[1]);
    await q.locator('[data-testid="scrub-first"]').click();
    await q.waitForFunction((t) => document.querySelector('[data-testid="scrub-position"]')?.textContent === `0 / ${t}`, total, { timeout: WAIT });
    await e.waitForText(PROMPT);
    await q.locator('[data-testid="terminal"] .xterm-helper-textarea').first().focus();
    await e.run('ip r');
    if ((await e.rows()).includes('10.99.0.0/16')) throw new Error('the route is there at the start of the replay');
    await q.locator('[data-testid="scrub-forward"]').click();
    await q.locator('[data-testid="scrub-forward"]').click();
    await q.waitForFunction((t) => document.querySelector('[data-testid="scrub-position"]')?.textContent === `2 / ${t}`, total, { timeout: WAIT });
    await e.waitForText(PROMPT);
    await q.locator('[data-testid="terminal"] .xterm-helper-textarea').first().focus();
    await e.run('ip r');
    await e.waitForText('10.99.0.0/16');
    await q.context().close();
  });

  await test('a damaged share link is refused with a message, and nothing runs', async () => {
    const p = await newPage();
    await p.goto(server.url + '?scenario=installed#share=not-a-real-link');
    await p.locator('[data-testid="restore-failed"]').waitFor({ timeout: WAIT });
    const text = await p.locator('[data-testid="restore-failed"]').textContent();
    if (!/share link/i.test(text ?? '')) throw new Error(`the page says: ${text}`);
    await p.context().close();
  });

  await test('an exam: answer, do the hands-on tasks in the terminal, submit to a score and a review', async () => {
    const p = await newPage();
    const d = driver(p);
    await p.goto(server.url + '?sandbox');
    await d.waitForText(PROMPT);
    await p.locator('[data-testid="exam-open"]').click();
    await p.locator('[data-testid="exam-start"]').click({ timeout: WAIT });
    await p.locator('[data-testid="exam-timer"]').waitFor({ timeout: WAIT });
    const questions = p.locator('[data-testid^="exam-q-"]');
    const n = await questions.count();
    if (n !== 10) throw new Error(`the paper has ${n} questions`);
    for (let i = 0; i < n; i++) {
      const first = questions.nth(i).locator('input').first();
      if ((await first.count()) > 0) await first.check();
    }
    // Every task of the bank, so whichever two were drawn are done (on the exam's fresh cluster).
    await p.locator('[data-testid="terminal"] .xterm-helper-textarea').first().focus();
    await d.run('ip route add 10.99.0.0/16 via 172.16.11.81');
    await d.run('ssh k8s-node02 ip link set eth0 mtu 9000');
    await d.run("printf 'apiVersion: crd.projectcalico.org/v1\\nkind: IPPool\\nmetadata:\\n  name: exam-pool\\nspec:\\n  cidr: 10.250.0.0/16\\n  ipipMode: Never\\n' > pool.yaml");
    await d.run('kubectl apply -f pool.yaml');
    await d.waitForText('ippool.crd.projectcalico.org/exam-pool created');
    await p.waitForFunction(
      () => [...document.querySelectorAll('[data-type="task"] .task')].every((e) => e.getAttribute('data-passed') === 'true'),
      undefined,
      { timeout: WAIT },
    );
    await p.locator('[data-testid="exam-submit"]').click();
    await p.locator('[data-testid="exam-verdict"]').waitFor({ timeout: WAIT });
    const score = await p.locator('[data-testid="exam-score"]').textContent();
    const m = /(\d+) \/ (\d+)/.exec(score ?? '');
    if (!m || Number(m[2]) < 12 || Number(m[1]) < 4) throw new Error(`score reads ${score}`);
    if ((await p.locator('.explain').count()) !== n) throw new Error('not every answer has its explanation');
    await p.locator('[data-testid="exam-again"]').click();
    if ((await p.locator('[data-testid="exam-history"] li').count()) !== 1) throw new Error('the attempt is not in the history');
    console.log(`     ${score}`);
    await p.context().close();
  });

  await test('a workshop pack loads from a file: its labs in order; a bad pack is refused with a message', async () => {
    const p = await newPage();
    await p.goto(server.url + '?sandbox');
    await driver(p).waitForText(PROMPT);
    const bad = { name: 'bad.yaml', mimeType: 'text/yaml', buffer: Buffer.from('pack: x\ntitle: X\nlabs: [{ lab: nosuch }]\n') };
    await p.locator('[data-testid="pack-file"]').setInputFiles(bad);
    await p.locator('[data-testid="pack-error"]').waitFor({ timeout: WAIT });
    if (!/no bundled lab "nosuch"/.test(await p.locator('[data-testid="pack-error"]').textContent())) throw new Error('the refusal does not say why');
    await p.locator('[data-testid="pack-file"]').setInputFiles(join(root, 'packs', 'troubleshooting-workshop.yaml'));
    await p.locator('[data-testid="pack-panel"]').waitFor({ timeout: WAIT });
    const ids = await p.locator('[data-testid^="pack-lab-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    if (ids.join() !== 'pack-lab-read-routes,pack-lab-drill-bgp-port-blocked,pack-lab-drill-mtu,pack-lab-drill-default-deny,pack-lab-drill-pod-cidr') throw new Error(`pack lists ${ids}`);
    await p.locator('[data-testid="pack-lab-read-routes"][aria-current="step"]').waitFor({ timeout: WAIT });
    await p.locator('[data-testid="pack-lab-drill-mtu"]').click();
    await p.locator('[data-testid="pack-lab-drill-mtu"][aria-current="step"]').waitFor({ timeout: WAIT });
    if (!new URL(p.url()).search.includes('lab=drill-mtu')) throw new Error(`url ${p.url()}`);
    await p.context().close();
  });

  await test('a fault drill: the fault is there at the start, and the fix is graded', async () => {
    const p = await newPage();
    const master = driver(p);
    const node = driver(p, 'root@k8s-node01:~#');
    await p.goto(server.url + '?lab=drill-mtu');
    await master.waitForText(PROMPT);
    const checks = p.locator('[data-testid^="check-"]');
    if ((await checks.count()) === 0) throw new Error('the drill shows no checks');
    if ((await p.locator('[data-testid^="check-"][data-passed="true"]').count()) !== 0) throw new Error('a check passed before the fix');
    await p.locator('[data-testid="terminal"] .xterm-helper-textarea').first().focus();
    await node.run('ssh k8s-node01');
    await node.run('ip link show eth0');
    await node.waitForText('mtu 1400');
    await node.run('ip link set eth0 mtu 1500');
    await master.run('exit');
    await master.run('ping -c 1 -s 1472 -M do 172.16.11.81');
    await p.waitForFunction(
      () => [...document.querySelectorAll('[data-testid^="check-"]')].every((e) => e.getAttribute('data-passed') === 'true'),
      undefined,
      { timeout: WAIT },
    );
    await p.context().close();
  });

  await test('offline: after the first load, a reload with the network blocked still runs the lab', async () => {
    const p = await newPage();
    const d = driver(p);
    await p.goto(server.url);
    await d.waitForText(PROMPT);
    // The service worker has precached the build once it is active.
    await p.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    const manifest = await p.evaluate(() => document.querySelector('link[rel="manifest"]')?.getAttribute('href'));
    if (!manifest) throw new Error('no web app manifest linked');
    await p.context().setOffline(true);
    try {
      await p.reload();
      await d.waitForText(PROMPT);
      await p.locator('[data-testid^="step-"]').first().waitFor({ timeout: WAIT });
      await p.locator('[data-testid="terminal"] .xterm-helper-textarea').first().focus();
      await d.run('kubectl get nodes');
      await d.waitForText('NotReady');
      // A lab not opened before: its files are in the same bundle.
      await p.goto(server.url + '?lab=drill-mtu');
      await d.waitForText(PROMPT);
      await p.locator('[data-testid^="step-"]').first().waitFor({ timeout: WAIT });
    } finally {
      await p.context().setOffline(false);
    }
    await p.context().close();
  });

  const specDir = join(here, 'specs');
  const only = process.env.E2E_SPECS ?? '';
  for (const file of (await readdir(specDir)).filter((f) => f.endsWith('.mjs') && f.includes(only)).sort()) {
    const spec = await import(join(specDir, file));
    await spec.default({ test, driver, newPage, url: server.url, root, artifacts, PROMPT, WAIT, savedSession, waitSaved });
  }

  await test('no console errors and no request leaves 127.0.0.1', async () => {
    if (problems.length > 0) throw new Error(problems.join('\n'));
  });
} finally {
  clearTimeout(watchdog);
  await browser.close();
  await server.close();
}

const passed = results.filter(Boolean).length;
const failed = results.length - passed;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

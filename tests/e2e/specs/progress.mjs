// Progress that lasts: IndexedDB with the move from localStorage, a progress file downloaded and
// loaded again, completion receipts checked (and a tampered one refused), workshop packs from a
// URL of this site (others refused before any request), a share link that leaves the viewer's
// own work alone, and the sandbox's scenario picker.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { student } from './labs.mjs';

// The machine may be shared and loaded: a page's first prompt can take a while.
const SLOW = 60_000;

export default async function ({ test, driver, newPage, url, artifacts, PROMPT, WAIT, savedSession, waitSaved }) {
  const focus = (p) => p.locator('[data-testid="terminal"] .xterm-helper-textarea').first().focus();
  let progressFile = null; // downloaded after lab 2, loaded again below
  let labCode = null;

  await test('progress saved by an older version in localStorage moves to IndexedDB (and is the newer one)', async () => {
    const p = await newPage();
    const d = driver(p);
    await p.goto(url + '?sandbox');
    await d.waitForText(PROMPT, SLOW);
    await focus(p);
    await d.run('echo from-localstorage > old.txt');
    const older = await waitSaved(p, 'calico-lab.session.sandbox', 'old.txt');
    await d.run('echo later > new.txt');
    await waitSaved(p, 'calico-lab.session.sandbox', 'new.txt');
    await p.evaluate((v) => localStorage.setItem('calico-lab.session.sandbox', v), older);
    await p.reload();
    await d.waitForText(PROMPT, SLOW);
    await focus(p);
    await d.run('ls');
    const rows = await d.rows();
    if (!rows.includes('old.txt') || rows.includes('new.txt')) throw new Error(`ls after the move:\n${(await d.rowLines()).filter(Boolean).slice(-3).join('\n')}`);
    if (await p.evaluate(() => localStorage.getItem('calico-lab.session.sandbox'))) throw new Error('the localStorage copy stayed');
    if (!(await savedSession(p, 'calico-lab.session.sandbox')).includes('old.txt')) throw new Error('IndexedDB does not hold the moved session');
    await p.context().close();
  });

  await test('a completed lab gives a receipt that checks as valid; one changed character is refused', async () => {
    const p = await newPage();
    const s = student(p, driver, PROMPT, WAIT);
    await p.goto(url + '?lab=read-routes');
    await driver(p).waitForText(PROMPT, SLOW);
    // The fast way through: every step's solution, revealed and replayed.
    for (const step of ['pods', 'node-routes', 'pod-routes', 'tunl0']) {
      await s.revealSolution(step);
      await p.locator(`[data-testid="solution-run-${step}"]`).click();
      await s.stepPasses(step, 30_000);
      await s.idle();
    }
    labCode = await p.locator('[data-testid="lab-receipt"] [data-testid="receipt-code"]').inputValue({ timeout: WAIT });
    await p.locator('[data-testid="progress-open"]').click();
    await p.locator('[data-testid="receipt-list"] [data-testid="receipt-code"]').first().waitFor({ timeout: WAIT });
    await p.locator('[data-testid="receipt-input"]').fill(labCode);
    await p.locator('[data-testid="receipt-verify"]').click();
    const ok = p.locator('[data-testid="receipt-result"][data-valid="true"]');
    await ok.waitFor({ timeout: WAIT });
    const sentence = await ok.textContent();
    if (!/^Valid: lab “Read a Calico node's routes” completed on .+, all \d+ checks\.$/.test(sentence.trim())) throw new Error(`it says: ${sentence}`);
    console.log(`     ${sentence.trim()}`);
    const last = labCode.at(-1) === '0' ? '1' : '0';
    await p.locator('[data-testid="receipt-input"]').fill(labCode.slice(0, -1) + last);
    await p.locator('[data-testid="receipt-verify"]').click();
    await p.locator('[data-testid="receipt-result"][data-valid="false"]').waitFor({ timeout: WAIT });
    if (!/Not valid: the code does not match its contents/.test(await p.locator('[data-testid="receipt-result"]').textContent())) throw new Error('the refusal does not say why');

    const [download] = await Promise.all([p.waitForEvent('download'), p.locator('[data-testid="progress-export"]').click()]);
    progressFile = join(artifacts, 'progress-export.json');
    await download.saveAs(progressFile);
    const file = JSON.parse(await readFile(progressFile, 'utf8'));
    if (file.format !== 'calico-lab-progress' || !file.sessions['lab:read-routes'] || !file.receipts.includes(labCode)) {
      throw new Error(`the file holds ${Object.keys(file.sessions)} and ${file.receipts}`);
    }
    await p.screenshot({ path: join(artifacts, 'progress-panel.png') });
    await p.context().close();
  });

  await test('a pack from a URL of this site: its labs, then a loaded progress file ticks them and gives the pack receipt', async () => {
    if (!progressFile) throw new Error('pending: the receipt test did not export a file');
    const p = await newPage();
    const pack = 'pack: mini-workshop\ntitle: { en: Mini workshop, zh-CN: 小型工作坊 }\nlabs:\n  - lab: read-routes\n    minutes: 20\n';
    // The trainer hosts the pack next to the site (here: served for this page only).
    await p.route('**/packs/mini.yaml', (r) => r.fulfill({ status: 200, contentType: 'text/yaml', body: pack }));
    await p.goto(url + '?pack=packs/mini.yaml');
    await driver(p).waitForText(PROMPT, SLOW);
    await p.locator('[data-testid="pack-panel"]').waitFor({ timeout: WAIT });
    await p.locator('[data-testid="pack-lab-read-routes"][aria-current="step"]').waitFor({ timeout: WAIT });
    if (!new URL(p.url()).searchParams.get('lab')) throw new Error(`url ${p.url()}`);
    if ((await p.locator('[data-testid="pack-receipt"]').count()) !== 0) throw new Error('a pack receipt before any lab was done');

    await p.locator('[data-testid="progress-open"]').click();
    await p.locator('[data-testid="progress-import"]').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"calico-lab-progress","version":1,"exported":"x","sessions":{},"receipts":[],"run":"rm -rf /"}') });
    await p.locator('[data-testid="progress-refused"]').waitFor({ timeout: WAIT });
    if (!/unknown field "run"/.test(await p.locator('[data-testid="progress-refused"]').textContent())) throw new Error('the refusal does not say why');

    await p.locator('[data-testid="progress-import"]').setInputFiles(progressFile);
    await p.locator('[data-testid="progress-imported"]').waitFor({ timeout: WAIT });
    // The lab on screen was in the file: it reopens from it, every check ticked.
    await p.waitForFunction(() => {
      const checks = [...document.querySelectorAll('[data-testid^="check-"]')];
      return checks.length > 0 && checks.every((c) => c.getAttribute('data-passed') === 'true');
    }, undefined, { timeout: WAIT });
    await p.locator('[data-testid="pack-done-read-routes"]').waitFor({ timeout: WAIT });
    const packCode = await p.locator('[data-testid="pack-receipt"] [data-testid="receipt-code"]').inputValue({ timeout: WAIT });
    if (!/^cl1\.pack\.mini-workshop\./.test(packCode)) throw new Error(`pack receipt ${packCode}`);
    // The open Progress panel lists it too.
    await p.waitForFunction((c) => [...document.querySelectorAll('[data-testid="receipt-list"] [data-testid="receipt-code"]')].some((e) => e.value === c), packCode, { timeout: WAIT });
    await p.locator('[data-testid="receipt-input"]').fill(packCode);
    await p.locator('[data-testid="receipt-verify"]').click();
    const ok = p.locator('[data-testid="receipt-result"][data-valid="true"]');
    await ok.waitFor({ timeout: WAIT });
    if (!/^Valid: workshop pack “Mini workshop” completed on .+, all \d+ checks\.$/.test((await ok.textContent()).trim())) throw new Error(`it says: ${await ok.textContent()}`);
    await p.screenshot({ path: join(artifacts, 'pack-receipt.png') });
    await p.context().close();
  });

  await test('a pack URL on another site is refused before any request; an oversized pack is refused', async () => {
    const p = await newPage();
    await p.goto(url + '?pack=' + encodeURIComponent('https://trainer.example.com/workshop.yaml'));
    await driver(p).waitForText(PROMPT, SLOW);
    const refusal = await p.locator('[data-testid="pack-error"]').textContent({ timeout: WAIT });
    if (!/only from this site/.test(refusal)) throw new Error(`it says: ${refusal}`);
    await p.context().close();
    const q = await newPage();
    await q.route('**/packs/huge.yaml', (r) => r.fulfill({ status: 200, contentType: 'text/yaml', body: 'pack: huge\n#' + 'x'.repeat(600 * 1024) }));
    await q.goto(url + '?pack=packs/huge.yaml');
    await driver(q).waitForText(PROMPT, SLOW);
    if (!/larger than 512 KB/.test(await q.locator('[data-testid="pack-error"]').textContent({ timeout: WAIT }))) throw new Error('not refused for its size');
    await q.context().close();
  });

  await test('opening a share link keeps the viewer own work, and offers to go back to it', async () => {
    const other = await newPage();
    const o = driver(other);
    await other.goto(url + '?scenario=installed');
    await o.waitForText(PROMPT, SLOW);
    await focus(other);
    await o.run('echo theirs > theirs.txt');
    await other.locator('[data-testid="share"]').click();
    const link = await other.locator('[data-testid="share-url"]').inputValue({ timeout: WAIT });
    await other.context().close();

    const p = await newPage();
    const d = driver(p);
    await p.goto(url + '?scenario=installed');
    await d.waitForText(PROMPT, SLOW);
    await focus(p);
    await d.run('echo mine > mine.txt');
    await waitSaved(p, 'calico-lab.session.scenario:installed', 'mine.txt');
    await p.goto(link);
    await p.locator('[data-testid="shared-view"]').waitFor({ timeout: WAIT });
    // Same tab, only the fragment changed: the viewer's terminal is replaced by the shared one;
    // typing before that happens would go to the terminal being closed.
    await p.waitForFunction(() => !(document.querySelector('[data-testid="terminal"] .xterm-rows')?.textContent ?? '').includes('echo mine'), undefined, { timeout: SLOW });
    await d.waitForText(PROMPT, SLOW);
    await focus(p);
    await d.run('ls');
    await d.waitForText('theirs.txt');
    if (!(await savedSession(p, 'calico-lab.session.scenario:installed')).includes('mine.txt')) throw new Error('the viewer own save was replaced');
    if (!new URL(p.url()).searchParams.has('shared')) throw new Error(`url ${p.url()}`);
    await p.locator('[data-testid="shared-leave"]', { hasText: 'Back to my work' }).click();
    await p.locator('[data-testid="shared-view"]').waitFor({ state: 'detached', timeout: WAIT });
    await d.waitForText(PROMPT, SLOW);
    await focus(p);
    await d.run('cat mine.txt');
    await d.waitForText('mine');
    await p.context().close();
  });

  await test('the sandbox picks a scenario and a node count, and the URL reopens it', async () => {
    const p = await newPage();
    const d = driver(p);
    await p.goto(url + '?sandbox');
    await d.waitForText(PROMPT, SLOW);
    await p.locator('[data-testid="sandbox-scenario"]').selectOption('rr');
    await p.locator('[data-testid="sandbox-nodes"]').fill('6');
    await p.locator('[data-testid="sandbox-start"]').click();
    await p.waitForFunction(() => new URLSearchParams(location.search).get('scenario') === 'rr', undefined, { timeout: WAIT });
    const q = new URL(p.url()).searchParams;
    if (q.get('nodes') !== '6' || !q.has('sandbox')) throw new Error(`url ${p.url()}`);
    // The new cluster is up once the topology lists a reflector node and the fresh terminal prompts.
    await p.locator('[data-testid="open-k8s-rr01"]').waitFor({ state: 'attached', timeout: SLOW });
    await d.waitForText(PROMPT, SLOW);
    await p.waitForTimeout(300);
    await focus(p);
    await d.run('kubectl get nodes');
    await d.waitForText('k8s-rr01');
    const nodes = (await d.rowLines()).filter((l) => /^k8s-\S+\s+(Ready|NotReady)/.test(l)).length;
    // rr counts its two reflectors among the nodes (8 by default): 6 means four plus k8s-rr01/02.
    if (nodes !== 6) throw new Error(`kubectl get nodes lists ${nodes} nodes, not 6`);
    await p.context().close();
  });
}

// kubectl edit and the editor after a reload: output restored after a reload is still explained on
// hover; `kubectl edit ippool` opens the pool in the editor drawer while the terminal waits, :wq
// applies it (the routes leave tunl0), Ctrl-C gives the terminal back; the schema's marks read in
// Chinese when the page is in Chinese, switched while the file is open.
import { join } from 'node:path';

export default async function ({ test, driver, newPage, url, artifacts, PROMPT, WAIT, waitSaved }) {
  const page = await newPage();
  const term = driver(page);
  const editor = page.locator('[data-testid="editor"]');
  const tooltip = page.locator('[data-testid="explain-tooltip"]');
  const focusTerminal = () => page.locator('[data-testid="terminal"] .xterm-helper-textarea').first().focus();
  /** Keys to press (Enter, Escape) and text to type (anything else). */
  const vimKeys = async (keys) => {
    for (const k of keys) await (k === 'Enter' || k === 'Escape' ? page.keyboard.press(k) : page.keyboard.type(k));
  };
  const editorText = () => page.evaluate(() => (document.querySelector('[data-testid="editor"] .view-lines')?.textContent ?? '').replace(/\u00a0/g, ' '));
  /** The bounding box of the visible terminal's row whose text matches `re`. */
  const rowBox = (re) =>
    page.evaluate((source) => {
      const screen = [...document.querySelectorAll('[data-testid="terminal"] .screen')].find((s) => !s.classList.contains('hidden'));
      const row = [...(screen?.querySelectorAll('.xterm-rows > div') ?? [])].find((d) => new RegExp(source).test((d.textContent ?? '').replace(/\u00a0/g, ' ')));
      if (!row) return null;
      const r = row.getBoundingClientRect();
      return { x: r.x, y: r.y, height: r.height };
    }, re.source);

  await test('edit: output restored after a reload is still explained on hover', async () => {
    await page.goto(url + '?sandbox&scenario=installed');
    await term.waitForText(PROMPT, 60_000);
    await focusTerminal();
    await term.run('ip r');
    await term.waitForText('dev tunl0 proto bird onlink');
    // The screen is saved beside the session after the command.
    await waitSaved(page, 'calico-lab.screen.sandbox:installed', 'dev tunl0 proto bird onlink');
    await page.reload();
    await term.waitForText(PROMPT, 60_000);
    await term.waitForText('dev tunl0 proto bird onlink'); // the earlier output is back on screen
    const box = await rowBox(/^10\.244\.2\.0\/24 via .* dev tunl0/);
    if (!box) throw new Error('no restored tunl0 route row on screen');
    await page.mouse.move(box.x + 40, box.y + box.height / 2);
    await page.mouse.move(box.x + 60, box.y + box.height / 2);
    await tooltip.waitFor({ timeout: WAIT });
    const text = await tooltip.textContent();
    if (!text?.includes('IPAM block of k8s-node02')) throw new Error(`the restored line's explanation: ${text}`);
    await page.screenshot({ path: join(artifacts, 'edit-restored-hover-1366x768.png') });
    await page.mouse.move(5, 5);
    await tooltip.waitFor({ state: 'detached', timeout: WAIT });
  });

  await test('edit: kubectl edit ippool opens the pool in the editor while the terminal waits; :wq applies it', async () => {
    await focusTerminal();
    const prompts = (await term.rows()).split(PROMPT).length - 1;
    await page.keyboard.type('kubectl edit ippool default-ipv4-ippool');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /ipipMode: Always/.test((document.querySelector('[data-testid="editor"] .view-lines')?.textContent ?? '').replace(/\u00a0/g, ' ')), undefined, { timeout: 60_000 });
    const shown = await editorText();
    if (!shown.includes("# Please edit the object below. Lines beginning with a '#' will be ignored,")) throw new Error(`no kubectl header: ${shown.slice(0, 200)}`);
    if (!/\/tmp\/kubectl-edit-[a-z0-9]{5}\.yaml/.test((await editor.locator('header code').textContent()) ?? '')) throw new Error('the drawer does not name kubectl\'s file');
    await page.locator('[data-testid="editor-waiting"]').waitFor({ timeout: WAIT });
    await page.waitForFunction(() => /NORMAL/.test(document.querySelector('[data-testid="vim-status"]')?.textContent ?? ''), undefined, { timeout: WAIT });
    // The terminal is waiting for kubectl: no new prompt yet.
    if ((await term.rows()).split(PROMPT).length - 1 !== prompts) throw new Error('a prompt came back while kubectl edit waits');
    await vimKeys(['/Always', 'Enter', 'cw', 'Never', 'Escape']);
    await page.screenshot({ path: join(artifacts, 'edit-kubectl-edit-1366x768.png') });
    await vimKeys([':wq', 'Enter']);
    await editor.waitFor({ state: 'detached', timeout: WAIT });
    await term.waitForText('ippool.crd.projectcalico.org/default-ipv4-ippool edited');
    await term.waitForCount(PROMPT, prompts + 1);
    // Felix and BIRD follow: the routes to other nodes' blocks leave tunl0.
    await term.run('sleep 10; ip r | grep -c "dev tunl0" ; kubectl get ippool default-ipv4-ippool -o jsonpath="{.spec.ipipMode}{\\"\\n\\"}"');
    const last = (await term.rowLines()).filter(Boolean).slice(-3).join('\n');
    if (!/^0$/m.test(last) || !/^Never$/m.test(last)) throw new Error(`after the edit:\n${last}`);
  });

  await test('edit: Ctrl-C in the terminal ends kubectl edit, closes the editor and changes nothing', async () => {
    const prompts = (await term.rows()).split(PROMPT).length - 1;
    await page.keyboard.type('kubectl edit ippool default-ipv4-ippool');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /ipipMode: Never/.test((document.querySelector('[data-testid="editor"] .view-lines')?.textContent ?? '').replace(/\u00a0/g, ' ')), undefined, { timeout: WAIT });
    await vimKeys(['/Never', 'Enter', 'cw', 'Always', 'Escape']);
    await focusTerminal();
    await page.keyboard.press('Control+c');
    await editor.waitFor({ state: 'detached', timeout: WAIT });
    await term.waitForCount(PROMPT, prompts + 1);
    await term.run('kubectl get ippool default-ipv4-ippool -o jsonpath="{.spec.ipipMode}{\\"\\n\\"}"');
    const last = (await term.rowLines()).filter(Boolean).slice(-2).join('\n');
    if (!/^Never$/m.test(last)) throw new Error(`Ctrl-C changed the pool:\n${last}`);
  });

  await test('edit: an invalid edit comes back with the API server\'s reason in the header; closing it unchanged gives up', async () => {
    await focusTerminal();
    await term.run('kubectl create deployment web --image=nginx');
    const prompts = (await term.rows()).split(PROMPT).length - 1;
    await page.keyboard.type('kubectl edit deployment web');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /replicas: 1/.test((document.querySelector('[data-testid="editor"] .view-lines')?.textContent ?? '').replace(/\u00a0/g, ' ')), undefined, { timeout: WAIT });
    await page.waitForFunction(() => /NORMAL/.test(document.querySelector('[data-testid="vim-status"]')?.textContent ?? ''), undefined, { timeout: WAIT });
    await vimKeys(['/replicas: 1', 'Enter', 'f1', 'cw', '-1', 'Escape', ':wq', 'Enter']);
    // kubectl reopens the file: the reason is in its header, the error on the terminal.
    await page.waitForFunction(
      () => /# deployments\.apps "web" was not valid:.*# \* spec\.replicas: Invalid value: -1: must be greater than or equal to 0/.test((document.querySelector('[data-testid="editor"] .view-lines')?.textContent ?? '').replace(/\u00a0/g, ' ')),
      undefined,
      { timeout: WAIT },
    ).catch(async () => {
      throw new Error(`the reopened file: ${(await editorText()).slice(0, 400)}`);
    });
    await page.screenshot({ path: join(artifacts, 'edit-invalid-reopened-1366x768.png') });
    await term.waitForText('error: deployments.apps "web" is invalid');
    await page.waitForFunction(() => /NORMAL/.test(document.querySelector('[data-testid="vim-status"]')?.textContent ?? ''), undefined, { timeout: WAIT });
    await vimKeys([':q', 'Enter']);
    await editor.waitFor({ state: 'detached', timeout: WAIT });
    await term.waitForText('error: Edit cancelled, no valid changes were saved.');
    await term.waitForCount(PROMPT, prompts + 1);
    if (!/A copy of your changes has been stored to "\/tmp\/kubectl-edit-[a-z0-9]{5}\.yaml"/.test(await term.rows())) throw new Error('kubectl did not say where the edit was kept');
  });

  await test('edit: the schema marks of the editor follow the page language, also while the file is open', async () => {
    await focusTerminal();
    await term.run("printf 'apiVersion: projectcalico.org/v3\\nkind: IPPool\\nmetadata:\\n  name: p2\\nspec:\\n  cidr: 10.250.0.0/16\\n  ipipMode: Sometimes\\n' > pool.yaml");
    await page.keyboard.type('vim pool.yaml');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="editor-problems"]').waitFor({ timeout: 60_000 });
    const hoverSays = async (re) => {
      await page.mouse.move(0, 0);
      await editor.locator('.view-line span span', { hasText: /^Sometimes$/ }).hover();
      await page.waitForFunction((source) => new RegExp(source).test(document.querySelector('[data-testid="editor"] .monaco-hover')?.textContent ?? ''), re.source, { timeout: WAIT });
    };
    await hoverSays(/Value is not accepted\. Valid values:/);
    await page.locator('[data-testid="lang-switch"]').click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN', undefined, { timeout: WAIT });
    await hoverSays(/不接受该值。有效值：/);
    await page.screenshot({ path: join(artifacts, 'edit-zh-marker-1366x768.png') });
    await page.locator('[data-testid="lang-switch"]').click();
    await hoverSays(/Value is not accepted\. Valid values:/);
    await page.mouse.move(0, 0);
    await editor.locator('.view-lines').click();
    await vimKeys([':q', 'Enter']);
    await editor.waitFor({ state: 'detached', timeout: WAIT });
  });

  await page.context().close();
}

// The schema-aware editor: vim keys, a schema error marked and fixed, :w and Ctrl-S, :q back to
// the terminal, completion from the schema, and the apply preview (which changes nothing).
import { join } from 'node:path';

export default async function ({ test, driver, newPage, url, artifacts, PROMPT, WAIT }) {
  const page = await newPage();
  const term = driver(page);
  const editor = page.locator('[data-testid="editor"]');
  const vimKeys = async (keys) => {
    for (const k of keys) await (k.length > 1 && /^[A-Z][a-z]/.test(k) ? page.keyboard.press(k) : page.keyboard.type(k));
  };
  const problems = () => page.locator('[data-testid="editor-problems"]').count();

  await test('editor: vim opens a Calico resource in Monaco with vim keys', async () => {
    await page.goto(url + '?sandbox&scenario=installed');
    await term.waitForText(PROMPT, 60_000); // a first load on a busy CI machine
    await page.locator('[data-testid="terminal"] .xterm-helper-textarea').first().focus();
    await term.run("printf 'apiVersion: projectcalico.org/v3\\nkind: BGPConfiguration\\nmetadata:\\n  name: default\\nspec:\\n  nodeToNodeMeshEnabled: true\\n' > bgp.yaml");
    await term.run('vim bgp.yaml');
    // Monaco, monaco-yaml and monaco-vim load on this first open.
    await page.waitForFunction(() => (document.querySelector('[data-testid="editor"] .view-lines')?.textContent ?? '').includes('nodeToNodeMeshEnabled'), undefined, { timeout: 60_000 });
    await page.waitForFunction(() => /NORMAL/.test(document.querySelector('[data-testid="vim-status"]')?.textContent ?? ''), undefined, { timeout: WAIT });
  });

  await test('editor: a value of the wrong type is marked from the schema, and the mark goes once fixed', async () => {
    // `/true` finds the value, `cw` changes it: "yes" is a string in YAML 1.2, not a boolean.
    await vimKeys(['/true', 'Enter', 'cw', 'yes', 'Escape']);
    await page.waitForFunction(() => document.querySelector('[data-testid="editor-problems"]') !== null, undefined, { timeout: WAIT });
    // yaml-language-server marks a type mismatch as a warning (yellow), a syntax error as an error.
    const squiggle = editor.locator('.squiggly-warning, .squiggly-error');
    await squiggle.first().waitFor({ timeout: WAIT });
    // Hovering the marked value says what the schema wants.
    await editor.locator('.view-line span span', { hasText: /^yes$/ }).hover();
    await page.waitForFunction(() => /Incorrect type|boolean/.test(document.querySelector('[data-testid="editor"] .monaco-hover')?.textContent ?? ''), undefined, { timeout: WAIT });
    await page.screenshot({ path: join(artifacts, 'editor-schema-error.png') });
    await page.mouse.move(0, 0);
    await vimKeys(['b', 'cw', 'false', 'Escape']);
    await page.waitForFunction(() => document.querySelector('[data-testid="editor-problems"]') === null, undefined, { timeout: WAIT });
    if ((await squiggle.count()) !== 0) throw new Error('the mark stayed after the fix');
  });

  await test('editor: completion offers the fields of the resource kind', async () => {
    await vimKeys(['o', 'as']);
    await page.keyboard.press('Control+Space');
    await page.waitForFunction(() => /asNumber/.test(document.querySelector('[data-testid="editor"] .suggest-widget')?.textContent ?? ''), undefined, { timeout: WAIT });
    await page.keyboard.press('Escape'); // closes the suggestions
    await page.keyboard.press('Escape'); // leaves insert mode
    await vimKeys(['dd']);
    await page.waitForFunction(() => !(document.querySelector('[data-testid="editor"] .view-lines')?.textContent ?? '').includes(' as'), undefined, { timeout: WAIT });
  });

  await test('editor: :w saves the file', async () => {
    await vimKeys([':w', 'Enter']);
    await page.waitForFunction(() => /Saved|已保存/.test(document.querySelector('[data-testid="editor-status"]')?.textContent ?? ''), undefined, { timeout: WAIT });
  });

  await test('editor: Preview apply shows the mesh sessions and routes that would go, and changes nothing', async () => {
    await page.locator('[data-testid="preview-apply"]').click();
    const sessions = page.locator('[data-testid="apply-preview-sessions"] tbody tr');
    await sessions.first().waitFor({ timeout: 30_000 });
    const n = await sessions.count();
    const text = await page.locator('[data-testid="apply-preview"]').textContent();
    if (n !== 12 || !/calicoctl apply -f bgp\.yaml/.test(text) || !/Mesh_172_16_11_/.test(text)) throw new Error(`preview: ${n} sessions; ${text?.slice(0, 300)}`);
    const routes = await page.locator('[data-testid="apply-preview-routes"] tbody tr').count();
    if (routes !== 12) throw new Error(`preview lists ${routes} routes`);
    await page.screenshot({ path: join(artifacts, 'editor-apply-preview.png') });
    await page.locator('[data-testid="apply-preview"] header button').click();
  });

  await test('editor: Ctrl-S saves, :q hands the keyboard back, and the file holds the edits', async () => {
    // Back to the text (a click, as a student would), then a comment line on top.
    await editor.locator('.view-lines').click();
    await vimKeys(['gg', 'O', '# mesh off', 'Escape']);
    await page.waitForFunction(() => /Unsaved|未保存/.test(document.querySelector('[data-testid="editor-status"]')?.textContent ?? ''), undefined, { timeout: WAIT });
    await page.keyboard.press('Control+s');
    await page.waitForFunction(() => /Saved|已保存/.test(document.querySelector('[data-testid="editor-status"]')?.textContent ?? ''), undefined, { timeout: WAIT });
    await vimKeys([':q', 'Enter']);
    await page.waitForFunction(() => document.querySelector('[data-testid="editor"]') === null, undefined, { timeout: WAIT });
    await page.waitForFunction(() => document.activeElement?.classList.contains('xterm-helper-textarea'), undefined, { timeout: WAIT });
    await term.run('cat bgp.yaml');
    await term.waitForText('# mesh off');
    await term.waitForText('nodeToNodeMeshEnabled: false');
    // The preview ran on a copy: the mesh is still up and the routes still go through tunl0.
    await term.run('ip r');
    await term.waitForText('dev tunl0 proto bird onlink');
  });

  await test('editor: :q refuses unsaved changes as vim does, :q! discards them, :wq saves and closes', async () => {
    const open = async () => {
      await term.run('vim bgp.yaml');
      await page.waitForFunction(() => /NORMAL/.test(document.querySelector('[data-testid="vim-status"]')?.textContent ?? ''), undefined, { timeout: WAIT });
    };
    await open();
    await vimKeys(['G', 'o', 'discard me', 'Escape', ':q', 'Enter']);
    await page.waitForFunction(() => /E37: No write since last change/.test(document.querySelector('[data-testid="editor-status"]')?.textContent ?? ''), undefined, { timeout: WAIT });
    await vimKeys([':q!', 'Enter']);
    await page.waitForFunction(() => document.querySelector('[data-testid="editor"]') === null, undefined, { timeout: WAIT });
    await open();
    await vimKeys(['G', 'o', '# kept', 'Escape', ':wq', 'Enter']);
    await page.waitForFunction(() => document.querySelector('[data-testid="editor"]') === null, undefined, { timeout: WAIT });
    await term.run('cat bgp.yaml');
    await term.waitForText('# kept');
    if ((await term.rows()).includes('discard me')) throw new Error(':q! kept the discarded line');
  });

  await page.context().close();
}

// Hover explanations, themes and projector mode: hovering a tunl0 route of `ip r` explains it
// from the live world (its block's owner) and highlights it; the keyboard panel explains the same
// lines; the theme and projector mode apply at once and are remembered after a reload.
import { join } from 'node:path';

export default async function ({ test, driver, newPage, url, artifacts, PROMPT, WAIT }) {
  const page = await newPage();
  const term = driver(page);
  const tooltip = page.locator('[data-testid="explain-tooltip"]');
  /** The bounding box of the visible terminal's row whose text matches `re`. */
  const rowBox = (re) =>
    page.evaluate((source) => {
      const screen = [...document.querySelectorAll('[data-testid="terminal"] .screen')].find((s) => !s.classList.contains('hidden'));
      const row = [...(screen?.querySelectorAll('.xterm-rows > div') ?? [])].find((d) => new RegExp(source).test((d.textContent ?? '').replace(/\u00a0/g, ' ')));
      if (!row) return null;
      const r = row.getBoundingClientRect();
      return { x: r.x, y: r.y, height: r.height };
    }, re.source);

  await test('explain: hovering a tunl0 route of ip r explains it from the world, naming the node that owns the block', async () => {
    await page.goto(url + '?sandbox&scenario=installed');
    await term.waitForText(PROMPT);
    await page.locator('[data-testid="terminal"] .xterm-helper-textarea').first().focus();
    await term.run('ip r');
    await term.waitForText('dev tunl0 proto bird onlink');
    const box = await rowBox(/^10\.244\.2\.0\/24 via .* dev tunl0/);
    if (!box) throw new Error('no tunl0 route row on screen');
    await page.mouse.move(box.x + 40, box.y + box.height / 2);
    await page.mouse.move(box.x + 60, box.y + box.height / 2);
    await tooltip.waitFor({ timeout: WAIT });
    const text = await tooltip.textContent();
    for (const want of ['Route 10.244.2.0/24 via 172.16.11.82 dev tunl0', 'IPAM block of k8s-node02', 'Learned over BGP from k8s-node02', 'ipipMode Always']) {
      if (!text?.includes(want)) throw new Error(`the explanation lacks "${want}": ${text}`);
    }
    await page.screenshot({ path: join(artifacts, 'explain-hover-1366x768.png') });
    // Moving off the line takes the explanation away.
    await page.mouse.move(5, 5);
    await tooltip.waitFor({ state: 'detached', timeout: WAIT });
  });

  await test('explain: the keyboard panel lists the last output and explains the focused line', async () => {
    await page.locator('[data-testid="explain-open"]').click();
    const panel = page.locator('[data-testid="explain-panel"]');
    await panel.waitFor({ timeout: WAIT });
    // The first line (the default route) has the focus; ArrowDown moves to the blackhole.
    await page.waitForFunction(() => /default route/.test(document.querySelector('[data-testid="explain-panel"] [data-testid="explain-tooltip"]')?.textContent ?? ''), undefined, { timeout: WAIT });
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(() => /own IPAM block/.test(document.querySelector('[data-testid="explain-panel"] [data-testid="explain-tooltip"]')?.textContent ?? ''), undefined, { timeout: WAIT });
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached', timeout: WAIT });
  });

  await test('theme: switching to the other theme applies to the page and the terminal, and survives a reload', async () => {
    const before = await page.evaluate(() => document.documentElement.dataset.theme);
    const termBg = () => page.evaluate(() => getComputedStyle(document.querySelector('.terminal-pane')).backgroundColor);
    const bgBefore = await termBg();
    await page.locator('[data-testid="theme-switch"]').click();
    const after = await page.evaluate(() => document.documentElement.dataset.theme);
    if (!after || after === before) throw new Error(`theme stayed ${before}`);
    if ((await termBg()) === bgBefore) throw new Error('the terminal pane kept its colours');
    await page.screenshot({ path: join(artifacts, `theme-${after}-1366x768.png`) });
    await page.reload();
    await term.waitForText(PROMPT);
    const reloaded = await page.evaluate(() => document.documentElement.dataset.theme);
    if (reloaded !== after) throw new Error(`after a reload the theme is ${reloaded}, not ${after}`);
  });

  await test('projector: large terminal font, topology in focus, presenter steps; remembered after a reload', async () => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(url + '?lab=read-routes');
    await term.waitForText(PROMPT);
    const fontSize = () => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('[data-testid="terminal"] .xterm-rows')).fontSize));
    const small = await fontSize();
    await page.locator('[data-testid="projector-switch"]').click();
    await page.waitForFunction((s) => parseFloat(getComputedStyle(document.querySelector('[data-testid="terminal"] .xterm-rows')).fontSize) > s, small, { timeout: WAIT });
    if (!(await page.evaluate(() => document.documentElement.hasAttribute('data-projector')))) throw new Error('no data-projector on <html>');
    const topoWidth = await page.evaluate(() => document.querySelector('[data-testid="topology"]').getBoundingClientRect().width);
    if (topoWidth < 1920 * 0.38) throw new Error(`the topology is only ${topoWidth}px wide in projector mode`);
    await page.locator('[data-testid="presenter-next"]').click();
    await page.locator('[data-testid="presenter-next"]').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-presenting]').length === 1, undefined, { timeout: WAIT });
    await page.screenshot({ path: join(artifacts, 'projector-1920x1080.png') });
    await page.reload();
    await term.waitForText(PROMPT);
    if (!(await page.evaluate(() => document.documentElement.hasAttribute('data-projector')))) throw new Error('projector mode was not remembered');
    if ((await fontSize()) <= small) throw new Error('the terminal font is small again after a reload');
    await page.locator('[data-testid="projector-switch"]').click();
  });

  await test('clock: the speed button cycles 0.5x to 20x, and fast-forward jumps a minute ahead', async () => {
    const speed = page.locator('[data-testid="clock-speed"]');
    const seen = [];
    for (let i = 0; i < 6; i++) {
      await speed.click();
      seen.push((await speed.textContent())?.trim());
    }
    if (seen.join(' ') !== '2× 5× 10× 20× 0.5× 1×') throw new Error(`speeds cycled ${seen.join(' ')}`);
    const clock = () => page.evaluate(() => document.querySelector('[data-testid="clock-toggle"]')?.parentElement?.textContent?.match(/(\d\d):(\d\d):(\d\d)/)?.slice(1).map(Number) ?? []);
    const seconds = ([h, m, s]) => h * 3600 + m * 60 + s;
    const before = seconds(await clock());
    await page.locator('[data-testid="clock-forward"]').click();
    await page.waitForFunction((b) => {
      const m = document.querySelector('[data-testid="clock-toggle"]')?.parentElement?.textContent?.match(/(\d\d):(\d\d):(\d\d)/);
      return m && Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) >= b + 60;
    }, before, { timeout: WAIT });
  });

  await page.context().close();
}

// Compound commands in the page's terminal: a loop typed over three lines shows bash's `> `
// prompt until `done`, then runs; Up brings it back as one line; `while true; do date; sleep 1;
// done` prints a line a second and stops on Ctrl-C with the prompt back.
import { join } from 'node:path';

export default async function ({ test, driver, newPage, url, artifacts, PROMPT, WAIT }) {
  const page = await newPage();
  const term = driver(page);
  const lastRows = async (n) => (await term.rowLines()).filter(Boolean).slice(-n);

  await test('shell: a for loop over three lines waits at > until done, then runs', async () => {
    await page.goto(url + '?sandbox');
    await term.waitForText(PROMPT);
    await page.locator('[data-testid="terminal"] .xterm-helper-textarea').first().focus();
    await page.keyboard.type('for n in 1 2 3');
    await page.keyboard.press('Enter');
    await term.waitForText('> ');
    await page.keyboard.type('do echo "n=$n"');
    await page.keyboard.press('Enter');
    await term.waitForText('> do echo "n=$n"');
    const before = (await term.rows()).split(PROMPT).length - 1;
    await page.keyboard.type('done');
    await page.keyboard.press('Enter');
    await term.waitForCount(PROMPT, before + 1);
    const rows = await lastRows(7);
    const want = ['> do echo "n=$n"', '> done', 'n=1', 'n=2', 'n=3'];
    if (!want.every((w) => rows.some((r) => r === w))) throw new Error(`the loop's rows are not there:\n${rows.join('\n')}`);
    await page.screenshot({ path: join(artifacts, 'shell-compound-for-1366x768.png') });
  });

  await test('shell: Up recalls the loop as one line, as bash history does', async () => {
    await page.keyboard.press('ArrowUp');
    await term.waitForText('for n in 1 2 3; do echo "n=$n"; done');
    // Clear the recalled line before going on.
    await page.keyboard.press('Control+U');
  });

  await test('shell: while true with sleep prints once a second and Ctrl-C brings the prompt back', async () => {
    const before = (await term.rows()).split(PROMPT).length - 1;
    await page.keyboard.type('while true; do echo tick; sleep 1; done');
    await page.keyboard.press('Enter');
    await term.waitForCount('tick', 2, WAIT);
    await page.keyboard.press('Control+C');
    await term.waitForCount(PROMPT, before + 1);
    const ticks = (await term.rows()).split('tick').length - 1;
    // One a second of the simulated clock (it follows the wall clock here), not thousands at once.
    if (ticks > 30) throw new Error(`the loop ran ${ticks} times before Ctrl-C: sleep did not wait`);
    if (!(await term.rows()).includes('^C')) throw new Error('no ^C echoed');
    await page.screenshot({ path: join(artifacts, 'shell-compound-while-1366x768.png') });
  });

  await page.context().close();
}

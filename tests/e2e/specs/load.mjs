// The first lab's start comes from a snapshot the build computed in Node (prebuild.config.ts); a
// sandbox on the same scenario is created in the browser as before. Both must be the same cluster:
// the same pods on the same nodes with the same addresses, and the same routes and interfaces
// (outputs without ages).
export default async function ({ test, driver, newPage, url, PROMPT }) {
  await test('load: the prebuilt first start is the cluster the browser itself creates', async () => {
    const screens = [];
    for (const at of ['', '?sandbox&scenario=default']) {
      const page = await newPage();
      const term = driver(page);
      await page.goto(url + at);
      await term.waitForText(PROMPT, 60_000);
      await page.locator('[data-testid="terminal"] .xterm-helper-textarea').first().focus();
      await term.run('kubectl get pods -A -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName,IP:.status.podIP,PHASE:.status.phase');
      await term.run('ip r; ip -4 a show eth0');
      screens.push((await term.rowLines()).filter(Boolean).join('\n'));
      await page.context().close();
    }
    if (!screens[0].includes('coredns') || !screens[0].includes('172.16.11.80') || screens[0] !== screens[1]) {
      throw new Error(`the prebuilt and the created start differ:\n${screens.join('\n----\n')}`);
    }
  });
}

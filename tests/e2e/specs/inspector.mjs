// Packets and BGP in the topology: a ping across nodes animates hop by hop (the IPIP packet drawn
// inside its outer box between the nodes), the packet inspector lists the hops with the outer and
// inner headers and the route that decided each, and a BGP session edge changes state and colour
// when a node's eth0 goes down and the hold timers run out.
import { join } from 'node:path';

export default async function ({ test, driver, newPage, url, artifacts, PROMPT, WAIT }) {
  const page = await newPage();
  const d = driver(page);
  /** Pods by node from the topology's keyboard list (name, node, ip). */
  const podsByNode = () =>
    page.$$eval('[data-testid^="pod-web-"]', (els) => els.map((e) => ({ name: e.dataset.testid.slice(4), node: e.dataset.node, ip: e.dataset.ip })));
  const edges = () => page.getAttribute('[data-testid="topology"]', 'data-edges');

  await test('inspector: a deployment on the installed cluster, pods on several nodes', async () => {
    await page.goto(url + '?scenario=installed');
    await d.waitForText(PROMPT);
    await d.run('kubectl create deployment web --image=ikubernetes/demoapp:v1.0 --replicas=4');
    await d.run('sleep 60');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="pod-web-"][data-ip]').length >= 4, null, { timeout: WAIT });
    const nodes = new Set((await podsByNode()).map((p) => p.node));
    if (nodes.size < 2) throw new Error(`web pods on one node only: ${[...nodes]}`);
  });

  let from, to;
  await test('inspector: a ping from a pod to a pod on another node animates hop by hop, IPIP between the nodes', async () => {
    const pods = await podsByNode();
    from = pods[0];
    to = pods.find((p) => p.node !== from.node);
    // Record every position the marker takes (node, action, encapsulation) while the ping runs.
    await page.evaluate(() => {
      const seen = (window.__packetEvents = []);
      new MutationObserver(() => {
        const m = document.querySelector('[data-testid="packet-anim"]');
        if (!m || m.hidden) return;
        const e = `${m.dataset.node} ${m.dataset.action} ${m.dataset.encap || '-'}`;
        if (seen[seen.length - 1] !== e) seen.push(e);
      }).observe(document.querySelector('[data-testid="topology"]').parentElement, { attributes: true, subtree: true });
    });
    await d.run(`kubectl exec ${from.name} -- ping -c 2 ${to.ip}`);
    await d.waitForText('2 packets transmitted, 2 packets received, 0% packet loss'); // BusyBox ping (demoapp is Alpine)
    // While the packet is between the nodes it is drawn inside its outer IPIP box.
    await page.locator('[data-testid="packet-anim"][data-encap="ipip"]').waitFor({ timeout: WAIT });
    await page.screenshot({ path: join(artifacts, 'inspector-animation.png') });
    await page.waitForFunction(() => (window.__packetEvents ?? []).some((e) => e.endsWith('deliver -')) && document.querySelector('[data-testid="packet-anim"]')?.dataset.done === 'true', null, { timeout: WAIT });
    const events = await page.evaluate(() => window.__packetEvents);
    const want = [`${from.node} send -`, `${from.node} encap ipip`, `${to.node} receive ipip`, `${to.node} decap -`, `${to.node} deliver -`];
    let at = 0;
    for (const e of events) if (e === want[at]) at++;
    if (at < want.length) throw new Error(`animation missed "${want[at]}"; it showed:\n${events.join('\n')}`);
  });

  await test('inspector: the packet inspector lists the hops, the route, and the outer and inner headers', async () => {
    await page.click('[data-testid="packets-open"]');
    const inspector = page.locator('[data-testid="packet-inspector"]');
    await inspector.waitFor({ timeout: WAIT });
    const actions = await page.$$eval('[data-testid="hop-list"] li', (els) => els.map((e) => e.dataset.action));
    for (const a of ['send', 'receive', 'route', 'encap', 'wire', 'decap', 'deliver']) {
      if (!actions.includes(a)) throw new Error(`no ${a} event in ${actions.join(',')}`);
    }
    // The routing hop on the sender's node names its route through tunl0.
    await page.locator('[data-testid="hop-list"] li[data-action="route"]').first().click();
    const route = await page.textContent('[data-testid="hop-route"]');
    if (!/dev tunl0/.test(route)) throw new Error(`route hop shows ${route}`);
    // On the wire: the outer IP header goes node to node, the inner one pod to pod.
    await page.locator('[data-testid="hop-list"] li[data-action="wire"]').first().click();
    const outer = await page.textContent('[data-testid="header-stack"] table[data-layer="ipv4"][data-depth="outer"]');
    const inner = await page.textContent('[data-testid="header-stack"] table[data-layer="ipv4"][data-depth="inner"]');
    if (!/4 \(IPIP\)/.test(outer)) throw new Error(`outer header: ${outer}`);
    if (!inner.includes(to.ip) || !/1 \(ICMP\)/.test(inner)) throw new Error(`inner header: ${inner}`);
    for (const field of ['TTL', 'Checksum', 'Identification', 'Total length']) if (!outer.includes(field)) throw new Error(`outer header lacks ${field}`);
    if ((await page.locator('[data-testid="header-stack"] table[data-layer="icmp"]').count()) !== 1) throw new Error('no ICMP header');
    // Step with the keyboard: forward then back returns to the wire event.
    const pos = () => page.textContent('[data-testid="packet-inspector"] .pos');
    const before = await pos();
    await page.keyboard.press('ArrowRight');
    if ((await pos()) === before) throw new Error('ArrowRight did not step forward');
    await page.keyboard.press('ArrowLeft');
    if ((await pos()) !== before) throw new Error('ArrowLeft did not step back');
    // The topology holds the marker halfway along the wire, in its IPIP box.
    await page.locator('[data-testid="packet-anim"][data-wire="true"][data-encap="ipip"]').waitFor({ timeout: WAIT });
    await page.screenshot({ path: join(artifacts, 'inspector-headers.png') });
    await page.keyboard.press('Escape');
    await inspector.waitFor({ state: 'detached', timeout: WAIT });
  });

  await test('inspector: a pod shows its IP, veth and block; the block its owner', async () => {
    const pod = page.locator(`[data-testid="pod-${to.name}"]`);
    await pod.focus();
    await page.keyboard.press('Enter');
    const detail = page.locator('[data-testid="detail-inspector"]');
    await page.locator('[data-testid="pod-detail"]').waitFor({ timeout: WAIT });
    const text = await detail.textContent();
    if (!text.includes(to.ip) || !/cali[0-9a-f]{11}/.test(text) || !text.includes(to.node)) throw new Error(`pod detail: ${text}`);
    await detail.locator('button.link').last().click();
    await page.locator('[data-testid="block-detail"]').waitFor({ timeout: WAIT });
    const block = await detail.textContent();
    if (!block.includes(to.node)) throw new Error(`block detail: ${block}`);
  });

  await test('inspector: a BGP edge changes state and colour after ip link set eth0 down, and its details say why', async () => {
    const node = to.node;
    const established = await edges();
    if (!established || !established.split(' ').some((e) => e.includes(node) && e.includes('=established/'))) throw new Error(`edges: ${established}`);
    const button = page.locator(`[data-testid^="session-"][data-testid*="${node}"]`).first();
    await button.focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="session-detail"]').waitFor({ timeout: WAIT });
    // The keyboard is in the details panel: back to the terminal, as a student would click it.
    await page.locator('[data-testid="terminal"] .screen:not(.hidden) .xterm-helper-textarea').first().focus();
    const onNode = driver(page, `root@${node}:~#`);
    await onNode.run(`ssh ${node}`);
    await onNode.run('ip link set eth0 down');
    await onNode.run('sleep 250');
    await page.waitForFunction(
      (n) => (document.querySelector('[data-testid="topology"]')?.dataset.edges ?? '').split(' ').filter((e) => e.includes(n)).every((e) => !e.includes('=established/')),
      node,
      { timeout: WAIT },
    );
    const after = (await edges()).split(' ').filter((e) => e.includes(node));
    const colourOf = (list, n) => list.split(' ').find((e) => e.includes(n))?.split('/')[1];
    if (colourOf(after.join(' '), node) === colourOf(established, node)) throw new Error(`colour did not change: ${after.join(' ')}`);
    const detail = await page.textContent('[data-testid="detail-inspector"]');
    if (!/Hold timer expired|Active|Connect|Idle/.test(detail)) throw new Error(`session detail: ${detail}`);
    await page.screenshot({ path: join(artifacts, 'inspector-bgp-down.png') });
  });

  await page.context().close();
}

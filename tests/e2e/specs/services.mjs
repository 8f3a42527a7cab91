// Calico's policy tutorial in the browser: `kubectl expose`, then `kubectl run -ti` attaches the
// terminal to a busybox shell (the prompt becomes `/ # `), wget reaches nginx through its Service
// by name, Tab completes the image's programs (not the node's), and `exit` gives the node's
// prompt back and deletes the pod.
import { join } from 'node:path';

export default async function ({ test, driver, newPage, url, artifacts, PROMPT, WAIT }) {
  let attempts = 0;
  // Known intermittent failure (2 of about 12 runs on a busy machine): the pod shell's output
  // vanished from the screen and wget's never came. Not reproduced since (30+ runs at load 15-20
  // on 2 cores, with CPU hogs and with the page's CPU throttled 8x). Until its cause is found, a
  // failed first attempt is reported with what the page showed (every tab's rows, the restart
  // notice, a screenshot) and tried once more on a fresh page, so the suite still fails when the
  // tutorial is really broken.
  await test('services: a busybox shell in a pod reaches nginx through its Service by name', async () => {
    try {
      await attempt();
    } catch (err) {
      console.log(`     first attempt failed (retrying once): ${String(err?.message ?? err).split('\n')[0]}`);
      await attempt();
    }
  });

  /** What a failed attempt leaves for whoever investigates: every tab's rows, a restart notice, a screenshot. */
  async function report(page) {
    const state = await page.evaluate(() => ({
      tabs: [...document.querySelectorAll('[role="tab"]')].map((t) => `${t.textContent}${t.getAttribute('aria-selected') === 'true' ? ' (shown)' : ''}`),
      screens: [...document.querySelectorAll('[data-testid="terminal"] .screen')].map((s) => ({
        hidden: s.classList.contains('hidden'),
        rows: [...s.querySelectorAll('.xterm-rows > div')].map((d) => (d.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()).filter(Boolean),
      })),
      restarted: document.querySelector('[data-testid="worker-restarted"]')?.textContent?.trim() ?? null,
    }));
    console.log(`     tabs: ${state.tabs.join(', ')}; worker restarted: ${state.restarted ?? 'no'}`);
    state.screens.forEach((s, i) => console.log(`     screen ${i}${s.hidden ? ' (hidden)' : ''}:\n       ${s.rows.slice(-12).join('\n       ')}`));
    await page.screenshot({ path: join(artifacts, `services-failed-attempt-${attempts}.png`) });
  }

  async function attempt() {
    attempts++;
    const page = await newPage();
    const term = driver(page);
    const SLOW = Math.max(WAIT, 90_000);
    // Inside the pod the prompt is busybox's `/ # `, not the node's: type and wait for the output.
    const type = async (line) => {
      await page.keyboard.type(line);
      await page.keyboard.press('Enter');
    };

    try {
      await page.goto(url + '?sandbox&scenario=installed');
      await term.waitForText(PROMPT, SLOW);
      await page.locator('[data-testid="terminal"] .xterm-helper-textarea').first().focus();
      await term.run('kubectl create deployment nginx --image=nginx');
      await term.waitForText('deployment.apps/nginx created', SLOW);
      await term.run('kubectl expose deployment nginx --port=80');
      await term.waitForText('service/nginx exposed', SLOW);
      await type('kubectl run access --rm -ti --image busybox /bin/sh');
      await term.waitForText("If you don't see a command prompt, try pressing enter.", SLOW);
      await term.waitForText('/ # ', SLOW);
      await type('wget -q nginx -O - | head -4');
      await term.waitForText('<title>Welcome to nginx!</title>', WAIT);
      // Tab offers the image's programs: BusyBox's nslookup, while the node's commands are not there.
      await page.keyboard.type('nsl');
      await page.keyboard.press('Tab');
      await term.waitForText('/ # nslookup ', WAIT);
      await page.keyboard.press('Control+C');
      await page.keyboard.type('kube');
      await page.keyboard.press('Tab');
      await page.waitForTimeout(300);
      if (!(await term.rows()).includes('/ # kube')) throw new Error('Tab changed "kube" in the pod shell');
      if ((await term.rows()).includes('/ # kubectl')) throw new Error('Tab offered the node\'s kubectl in the pod shell');
      await page.keyboard.press('Control+C');
      await type('curl nginx');
      await term.waitForText('sh: curl: not found', SLOW);
      await page.screenshot({ path: join(artifacts, 'services-busybox-shell-1366x768.png') });
      await type('exit');
      await term.waitForText('pod "access" deleted', SLOW);
      await term.run('kubectl get pods');
    } catch (err) {
      await report(page).catch(() => undefined);
      throw err;
    } finally {
      await page.context().close();
    }
  }
}

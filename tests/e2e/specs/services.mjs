// Calico's policy tutorial in the browser: `kubectl expose`, then `kubectl run -ti` attaches the
// terminal to a busybox shell (the prompt becomes `/ # `), wget reaches nginx through its Service
// by name, and `exit` gives the node's prompt back and deletes the pod.
import { join } from 'node:path';

export default async function ({ test, driver, newPage, url, artifacts, PROMPT, WAIT }) {
  // Known intermittent failure (2 of about 12 runs on a busy machine, not reproduced on a quiet
  // one): the pod shell's output vanished from the screen and wget's never came. Until its cause
  // is found, a failed first attempt is reported and tried once more on a fresh page, so the
  // suite still fails when the tutorial is really broken.
  await test('services: a busybox shell in a pod reaches nginx through its Service by name', async () => {
    try {
      await attempt();
    } catch (err) {
      console.log(`     first attempt failed (retrying once): ${String(err?.message ?? err).split('\n')[0]}`);
      await attempt();
    }
  });

  async function attempt() {
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
      await type('curl nginx');
      await term.waitForText('sh: curl: not found', SLOW);
      await page.screenshot({ path: join(artifacts, 'services-busybox-shell-1366x768.png') });
      await type('exit');
      await term.waitForText('pod "access" deleted', SLOW);
      await term.run('kubectl get pods');
    } finally {
      await page.context().close();
    }
  }
}

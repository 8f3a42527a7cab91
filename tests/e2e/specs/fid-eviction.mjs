// Breaking a node and typing at the prompt, as a student does in the sandbox with Calico installed:
// a powered-off worker's web pod is Terminating five minutes after the node went NotReady, `kubectl
// delete` of it waits for a kubelet that never answers until Ctrl-C, and a misspelt kubectl is
// answered by Ubuntu's command-not-found with the kubectl snap.
import { join } from 'node:path';

export default async function ({ test, driver, newPage, url, artifacts, PROMPT, WAIT }) {
  const page = await newPage();
  const term = driver(page);
  const prompts = async () => (await term.rows()).split(PROMPT).length - 1;
  const run = async (line) => {
    const before = await prompts();
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
    await term.waitForCount(PROMPT, before + 1, WAIT);
  };

  await test('eviction: a lost node\'s pod is Terminating after 40 s + 300 s, its replacement runs elsewhere', async () => {
    await page.goto(url + '?sandbox&scenario=installed');
    await term.waitForText(PROMPT);
    await page.locator('[data-testid="terminal"] .xterm-helper-textarea').first().focus();
    await run('kubectl create deployment web --image=nginx --replicas=3');
    await run('sleep 60');
    await run('virsh destroy k8s-node02');
    await run('sleep 345');
    await run('kubectl get pods -o wide');
    // The pane wraps -o wide's rows: status and node as columns of their own too.
    await run("kubectl get pods -o wide | awk 'NR>1 {print $1, $3, $7}'");
    const rows = (await term.rowLines()).filter((r) => /^web-\S+ \S+ k8s-/.test(r));
    if (!rows.some((r) => / Terminating k8s-node02$/.test(r))) throw new Error(`no Terminating pod on k8s-node02:\n${rows.join('\n')}`);
    if (rows.filter((r) => / Running /.test(r) && !r.endsWith('k8s-node02')).length !== 3) throw new Error(`not three running pods elsewhere:\n${rows.join('\n')}`);
    await page.screenshot({ path: join(artifacts, 'fid-eviction-terminating-1366x768.png') });
  });

  await test('eviction: kubectl delete of the Terminating pod waits until Ctrl-C', async () => {
    const before = await prompts();
    await page.keyboard.type("kubectl delete $(kubectl get pods | awk '/Terminating/ {print \"pod/\" $1}')");
    await page.keyboard.press('Enter');
    await term.waitForText('" deleted', WAIT);
    await page.waitForTimeout(1500);
    if ((await prompts()) !== before) throw new Error('kubectl delete returned although no kubelet confirmed');
    await page.keyboard.press('Control+C');
    await term.waitForCount(PROMPT, before + 1, WAIT);
  });

  await test('command-not-found: a misspelt kubectl is answered with the kubectl snap', async () => {
    await run('kubeclt get pods');
    await term.waitForText("Command 'kubeclt' not found, did you mean:");
    await term.waitForText("command 'kubectl' from snap kubectl");
    await page.screenshot({ path: join(artifacts, 'fid-eviction-command-not-found-1366x768.png') });
  });

  await page.context().close();
}

// Labs 1 and 2 done as a student does them: clicking the guide's click-to-run commands, reading a
// failed check's evidence, revealing a hint, revealing the solution (after confirming) and
// replaying it, typing `sleep` to let the cluster converge; every check passes, the lab ends with
// a completion receipt, and a reload keeps it all.

/** Terminal and guide helpers for one page. */
export function student(page, driver, PROMPT, WAIT) {
  const lastLine = async (d) => (await d.rowLines()).filter(Boolean).at(-1) ?? '';

  /** Waits until the terminal shows `prompt` alone on its last line (the command has finished). */
  async function idle(prompt = PROMPT, timeout = WAIT) {
    const d = driver(page, prompt);
    const t0 = Date.now();
    while ((await lastLine(d)) !== prompt) {
      if (Date.now() - t0 > timeout) throw new Error(`the terminal never came back to ${prompt}; it shows:\n${(await d.rowLines()).filter(Boolean).slice(-6).join('\n')}`);
      await page.waitForTimeout(50);
    }
  }

  /** Clicks a command in a step's text (or hint/solution) and waits for it to finish at `prompt`. */
  async function click(stepId, cmd, prompt = PROMPT, after = PROMPT) {
    const d = driver(page, prompt);
    await page.locator(`[data-testid="step-${stepId}"] [data-cmd="${cmd.replace(/["\\]/g, '\\$&')}"]`).first().click();
    // The click types the line: wait for its echo (or a moment), then for the next prompt.
    const t0 = Date.now();
    while (!(await d.rows()).includes(`${prompt} ${cmd}`) && Date.now() - t0 < 2000) await page.waitForTimeout(30);
    await idle(after);
  }

  /** Types a line as the student would and waits for the prompt. */
  async function type(line, prompt = PROMPT, after = prompt) {
    await page.locator('[data-testid="terminal"] .xterm-helper-textarea').first().focus();
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
    const d = driver(page, prompt);
    const t0 = Date.now();
    while (!(await d.rows()).includes(`${prompt} ${line}`) && Date.now() - t0 < 2000) await page.waitForTimeout(30);
    await idle(after);
  }

  /** Waits until every check of a step is ticked. */
  async function stepPasses(stepId, timeout = WAIT) {
    const sel = `[data-testid="step-${stepId}"] [data-testid^="check-"]`;
    try {
      await page.waitForFunction((s) => {
        const checks = [...document.querySelectorAll(s)];
        return checks.length > 0 && checks.every((c) => c.getAttribute('data-passed') === 'true');
      }, sel, { timeout });
    } catch {
      const left = await page.locator(`${sel}[data-passed="false"]`).allTextContents();
      throw new Error(`step ${stepId}: not passed yet:\n${left.join('\n')}`);
    }
  }

  /** Reveals the step's solution: the button asks first, the confirmation shows it. */
  async function revealSolution(stepId) {
    await page.locator(`[data-testid="solution-toggle-${stepId}"]`).click();
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor({ timeout: WAIT });
    if (!/Trying first/.test((await dialog.textContent()) ?? '')) throw new Error('the confirmation does not ask');
    await dialog.locator('button.primary').click();
    await page.locator(`[data-testid="solution-${stepId}"]`).waitFor({ timeout: WAIT });
  }

  return { idle, click, type, stepPasses, revealSolution };
}

// The machine may be shared and loaded: a page's first prompt can take a while.
const SLOW = 60_000;

export default async function ({ test, driver, newPage, url, artifacts, PROMPT, WAIT }) {
  const NODE = 'root@k8s-node01:~#';

  await test('lab 1 (deploy Calico) done as a student: every check passes, with a hint and a replayed solution', async () => {
    const p = await newPage();
    const s = student(p, driver, PROMPT, WAIT);
    await p.goto(url + '?lab=deploy-calico');
    await driver(p).waitForText(PROMPT, SLOW);
    if ((await p.locator('[data-testid^="check-"][data-passed="true"]').count()) !== 0) throw new Error('a check passed before anything was done');

    await s.click('look', 'kubectl get nodes');
    await s.click('look', 'kubectl get pods -n kube-system');
    await s.stepPasses('look');

    await s.click('download', 'curl https://docs.projectcalico.org/manifests/calico.yaml -O');
    await s.stepPasses('download');

    // The text's commands set the CIDR; the block size is left to the student, and its check says why not yet.
    await s.click('configure', 'grep -n -A1 CALICO_IPV4POOL_CIDR calico.yaml');
    await s.click('configure', `sed -i 's@# - name: CALICO_IPV4POOL_CIDR@- name: CALICO_IPV4POOL_CIDR@' calico.yaml`);
    await s.click('configure', `sed -i 's@#   value: "192.168.0.0/16"@  value: "10.244.0.0/16"@' calico.yaml`);
    await p.locator('[data-testid="step-configure"] [data-testid="check-cidr-value"][data-passed="true"]').waitFor({ timeout: WAIT });
    const evidence = await p.locator('[data-testid="step-configure"] [data-testid="check-block-size"] .evidence').textContent({ timeout: WAIT });
    if (!/CALICO_IPV4POOL_BLOCK_SIZE|calico\.yaml/.test(evidence ?? '')) throw new Error(`the unmet check's evidence: ${evidence}`);
    console.log(`     evidence: ${evidence?.trim().slice(0, 110)}`);

    await p.locator('[data-testid="hint-configure"]').click();
    await p.locator('[data-testid="hint-text-configure"]').first().waitFor({ timeout: WAIT });
    if (!/grep -n -A1/.test(await p.locator('[data-testid="hint-text-configure"]').first().textContent())) throw new Error('the first hint is not the grep hint');

    await s.revealSolution('configure');
    await p.locator('[data-testid="solution-run-configure"]').click();
    await s.stepPasses('configure');
    await s.idle();

    await s.click('apply', 'kubectl apply -f calico.yaml');
    await s.type('sleep 120'); // the notes wait for the pods; sleep fast-forwards simulated time
    await s.click('apply', 'kubectl get pods -n kube-system -o wide');
    await s.stepPasses('apply');

    await s.click('verify', 'kubectl get nodes');
    await s.click('verify', 'ip r list');
    await s.stepPasses('verify');

    await s.click('ippool', 'kubectl get ippools -o yaml');
    await s.stepPasses('ippool');

    const code = await p.locator('[data-testid="lab-receipt"] [data-testid="receipt-code"]').inputValue({ timeout: WAIT });
    if (!/^cl1\.lab\.deploy-calico\.[0-9a-f]{8}\.(\d+)-\1\./.test(code)) throw new Error(`receipt ${code}`);
    console.log(`     receipt ${code}`);
    await p.screenshot({ path: `${artifacts}/lab1-done.png` });
    await p.context().close();
  });

  await test('lab 2 (read routes) done as a student; a reload keeps every check and the receipt', async () => {
    const p = await newPage();
    const s = student(p, driver, PROMPT, WAIT);
    await p.goto(url + '?lab=read-routes');
    await driver(p).waitForText(PROMPT, SLOW);

    await s.click('pods', 'kubectl create deployment demoapp --image=ikubernetes/demoapp:v1.0 --replicas=3');
    await p.locator('[data-testid="hint-pods"]').click();
    await p.locator('[data-testid="hint-pods"]').click(); // the second hint: sleep lets simulated time pass
    if (!/sleep 10/.test((await p.locator('[data-testid="hint-text-pods"]').nth(1).textContent()) ?? '')) throw new Error('the second hint does not mention sleep');
    await s.type('sleep 20');
    await s.click('pods', 'kubectl get pods -o wide');
    await s.stepPasses('pods');

    await s.click('node-routes', 'ssh k8s-node01', PROMPT, NODE);
    await s.click('node-routes', 'ip r list', NODE, NODE);
    await s.stepPasses('node-routes');
    await s.type('exit', NODE, PROMPT);

    await s.click('pod-routes', 'kubectl exec $(kubectl get pods -l app=demoapp -o name | head -1) -- ip r');
    await driver(p).waitForText('default via 169.254.1.1 dev eth0');
    await s.stepPasses('pod-routes');

    // The last step by its solution: revealed after confirming, then replayed line by line.
    await s.revealSolution('tunl0');
    await p.locator('[data-testid="solution-run-tunl0"]').click();
    await s.stepPasses('tunl0');
    await s.idle();

    const code = await p.locator('[data-testid="lab-receipt"] [data-testid="receipt-code"]').inputValue({ timeout: WAIT });
    if (!/^cl1\.lab\.read-routes\./.test(code)) throw new Error(`receipt ${code}`);

    const t0 = Date.now();
    await p.reload();
    await driver(p).waitForText(PROMPT, 60_000);
    console.log(`     restored in ${Date.now() - t0} ms`);
    for (const step of ['pods', 'node-routes', 'pod-routes', 'tunl0']) await s.stepPasses(step);
    const again = await p.locator('[data-testid="lab-receipt"] [data-testid="receipt-code"]').inputValue({ timeout: WAIT });
    if (again !== code) throw new Error(`after the reload the receipt is ${again}, was ${code}`);
    await p.context().close();
  });
}

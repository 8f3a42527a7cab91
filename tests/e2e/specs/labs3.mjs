// The last pieces of the lab guide: "Reset this step" (lab 6: step 1 done, a mess made in step 2,
// the step reset: its check unticked again, the pool back, step 1 still done, the terminal saying
// so, and the same after a reload), and the free sandbox started with a chosen mode and node count
// (two racks, VXLAN CrossSubnet, 6 nodes). Screenshots for review.

export default async function ({ test, driver, newPage, url, artifacts, PROMPT, WAIT: SHORT, savedSession }) {
  // The installed cluster is built in the worker before the first prompt: allow a loaded machine.
  const WAIT = Math.max(SHORT, 60_000);
  const focus = (p) => p.locator('[data-testid="terminal"] .xterm-helper-textarea').first().focus();

  await test('reset of a step: the cluster, the terminal and the checks go back to where the step began', async () => {
    const p = await newPage();
    const d = driver(p);
    await p.goto(url + '?lab=pure-bgp-crosssubnet');
    await d.waitForText(PROMPT, WAIT);
    // Step 1 by its confirmed solution; step 2 becomes current and its start is kept.
    await p.locator('[data-testid="solution-toggle-export"]').click();
    await p.locator('dialog[open] button.primary').click({ timeout: WAIT });
    await p.locator('[data-testid="solution-run-export"]').click();
    await p.locator('[data-testid="step-export"] [data-testid^="check-"][data-passed="false"]').first().waitFor({ state: 'detached', timeout: WAIT });
    await p.locator('[data-testid="step-reset-never"]').waitFor({ timeout: WAIT });
    const kept = await savedSession(p, 'calico-lab.step-start.lab:pure-bgp-crosssubnet#never');
    if (!kept.includes('"snapshot"')) throw new Error('the start of step 2 is not in IndexedDB');

    // The mess: the pool switched by a patch (ticks pool-never), and a file the step did not ask for.
    await focus(p);
    await d.run(`kubectl patch ippool default-ipv4-ippool --type merge -p '{"spec":{"ipipMode":"Never"}}'`);
    await d.run('echo mess > mess.txt');
    await p.locator('[data-testid="check-pool-never"][data-passed="true"]').waitFor({ timeout: WAIT });

    await p.locator('[data-testid="step-reset-never"]').click();
    await p.locator('dialog[open] button.primary').click({ timeout: WAIT });
    await d.waitForText('was reset', WAIT);
    await p.locator('[data-testid="check-pool-never"][data-passed="false"]').waitFor({ timeout: WAIT });
    if ((await p.locator('[data-testid="step-export"] [data-testid^="check-"][data-passed="false"]').count()) !== 0) throw new Error('step 1 is no longer done');
    await p.screenshot({ path: `${artifacts}/labs3-step-reset.png` });
    await focus(p);
    await d.run("kubectl get ippool default-ipv4-ippool -o jsonpath='{.spec.ipipMode}{\"\\n\"}'");
    await d.waitForText('Always');
    await d.run('ls mess.txt');
    await d.waitForText('cannot access');
    // The history is the step's start too: the patch is not in it.
    await d.run("history | grep -c '[p]atch'");
    const lines = (await d.rowLines()).filter(Boolean);
    if (lines.at(-2) !== '0') throw new Error(`history after the reset: ${lines.slice(-4).join(' | ')}`);

    // A reload continues from the reset state, and the step can be reset again.
    await p.reload();
    await d.waitForText(PROMPT, WAIT);
    await p.locator('[data-testid="step-reset-never"]').waitFor({ timeout: WAIT });
    await p.locator('[data-testid="check-pool-never"][data-passed="false"]').waitFor({ timeout: WAIT });
    await p.context().close();
  });

  await test('the sandbox starts with a chosen mode and node count', async () => {
    const p = await newPage();
    const d = driver(p);
    await p.goto(url + '?sandbox');
    await d.waitForText(PROMPT, WAIT);
    await p.locator('[data-testid="sandbox-scenario"]').selectOption('two-rack');
    // Out of the scenario's range: Start is disabled and the range is shown.
    await p.locator('[data-testid="sandbox-nodes"]').fill('1');
    if (await p.locator('[data-testid="sandbox-start"]').isEnabled()) throw new Error('two-rack accepted 1 node');
    await p.locator('[data-testid="sandbox-nodes"]').fill('6');
    await p.locator('[data-testid="sandbox-mode"]').selectOption('vxlan-crosssubnet');
    await p.screenshot({ path: `${artifacts}/labs3-sandbox-picker.png` });
    await p.locator('[data-testid="sandbox-start"]').click();
    await p.waitForFunction(() => new URLSearchParams(location.search).get('mode') === 'vxlan-crosssubnet', undefined, { timeout: WAIT });
    const q = new URL(p.url()).searchParams;
    if (q.get('scenario') !== 'two-rack' || q.get('nodes') !== '6' || !q.has('sandbox')) throw new Error(`url ${p.url()}`);
    await p.locator('[data-testid="open-k8s-node05"]').waitFor({ state: 'attached', timeout: WAIT });
    await d.waitForText(PROMPT, WAIT);
    await p.waitForTimeout(300);
    await focus(p);
    await d.run("kubectl get ippool default-ipv4-ippool -o jsonpath='{.spec.vxlanMode}/{.spec.ipipMode}{\"\\n\"}'");
    await d.waitForText('CrossSubnet/Never');
    await d.run('ip r');
    await d.waitForText('dev vxlan.calico onlink');
    // The picker shows the running choice.
    if ((await p.locator('[data-testid="sandbox-mode"]').inputValue()) !== 'vxlan-crosssubnet') throw new Error('the picker lost the mode');
    if ((await p.locator('[data-testid="sandbox-nodes"]').inputValue()) !== '6') throw new Error('the picker lost the node count');
    await p.screenshot({ path: `${artifacts}/labs3-sandbox-vxlan.png` });
    await p.context().close();
  });
}

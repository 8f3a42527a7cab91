// Lab 11 (Felix and policy) in the browser: the workloads step done by clicking its commands, the
// default-deny step's iptables check showing its evidence while unmet, then passing after the
// confirmed solution replays; the guide in Chinese names the same checks. Screenshots for review.

export default async function ({ test, driver, newPage, url, artifacts, PROMPT, WAIT: SHORT }) {
  // The installed 4-node cluster is built in the worker before the first prompt, and each step
  // replays several commands: allow more than the main flow's wait on a busy machine.
  const WAIT = Math.max(SHORT, 60_000);
  await test('lab 11 (Felix and policy): clicked commands, an iptables check with evidence, a replayed solution', async () => {
    const p = await newPage();
    const d = driver(p);
    await p.goto(url + '?lab=felix-policy');
    await d.waitForText(PROMPT, WAIT);
    const lastLine = async () => (await d.rowLines()).filter(Boolean).at(-1) ?? '';
    const idle = async () => {
      const t0 = Date.now();
      while ((await lastLine()) !== PROMPT) {
        if (Date.now() - t0 > WAIT) throw new Error(`no prompt; the terminal shows:\n${(await d.rowLines()).filter(Boolean).slice(-6).join('\n')}`);
        await p.waitForTimeout(50);
      }
    };
    const click = async (step, cmd) => {
      await p.locator(`[data-testid="step-${step}"] [data-cmd="${cmd.replace(/["\\]/g, '\\$&')}"]`).first().click();
      const t0 = Date.now();
      while (!(await d.rows()).includes(`${PROMPT} ${cmd}`) && Date.now() - t0 < 2000) await p.waitForTimeout(30);
      await idle();
    };
    const passes = (step) => p.locator(`[data-testid="step-${step}"] [data-testid^="check-"][data-passed="false"]`).first().waitFor({ state: 'detached', timeout: WAIT });

    await click('workloads', 'kubectl create deployment web --image=nginx');
    await click('workloads', 'kubectl run client --image=nicolaka/netshoot --labels=role=client -- sleep 3600');
    await click('workloads', 'kubectl run stranger --image=nicolaka/netshoot -- sleep 3600');
    await p.locator('[data-testid="terminal"] .xterm-helper-textarea').first().focus();
    await d.run('sleep 20');
    await idle();
    await click('workloads', 'kubectl exec client -- curl -s -m 2 10.244.1.1');
    await passes('workloads');

    // veth and chains: the confirmed solutions, replayed (they ssh to k8s-node01 and come back).
    const replay = async (step) => {
      await p.locator(`[data-testid="solution-toggle-${step}"]`).click();
      await p.locator('dialog[open] button.primary').click({ timeout: WAIT });
      await p.locator(`[data-testid="solution-${step}"]`).waitFor({ timeout: WAIT });
      await p.locator(`[data-testid="solution-run-${step}"]`).click();
      await passes(step);
      await idle();
    };
    await replay('veth');
    await replay('chains');

    // Unmet: the sentence names the rule, the evidence says why it is not there yet.
    const check = p.locator('[data-testid="step-deny"] [data-testid="check-policy-chain-drops"]');
    if (!(await check.count())) {
      await p.screenshot({ path: `${artifacts}/lab11-no-deny-check.png` });
      const steps = await p.locator('[data-testid^="step-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
      throw new Error(`no policy-chain-drops check; steps on the page: ${steps.join(' ')}`);
    }
    const sentence = (await check.textContent({ timeout: WAIT })) ?? '';
    if (!/"Drop if no policies passed packet" in cali-tw-/.test(sentence)) throw new Error(`the check reads: ${sentence}`);
    const evidence = (await check.locator('.evidence').textContent({ timeout: WAIT })) ?? '';
    if (!/no rule on k8s-node01 matches|has counted 0 packets/.test(evidence)) throw new Error(`its evidence: ${evidence}`);
    console.log(`     evidence: ${evidence.trim().slice(0, 110)}`);
    await p.screenshot({ path: `${artifacts}/lab11-deny-unmet.png` });

    await replay('deny');
    await p.screenshot({ path: `${artifacts}/lab11-deny-passed.png` });
    await p.context().close();
  });
}

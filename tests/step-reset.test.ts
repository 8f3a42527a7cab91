/**
 * Resetting one step, through the same engine the browser's worker runs: the session snapshot
 * kept when a step became current (src/ui/progress/step-starts.ts keeps it in IndexedDB) restores
 * the world, the shells and the lab's checks of that moment, with the steps before still done.
 * The keeping and forgetting itself is tested beside it (src/ui/progress/step-starts.test.ts).
 */
import { describe, it, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { LabSession } from '../src/shell/lab-session';
import { labsLoadFromDir } from '../src/labs/load-node';

const labs = labsLoadFromDir(fileURLToPath(new URL('../labs', import.meta.url)));

async function run(s: LabSession, term: number, line: string): Promise<string> {
  let out = '';
  await s.exec(term, line, (c) => (out += c.text));
  return out;
}

describe('reset of a step', () => {
  it('restores the world, the shells and the checks as they were when the step began', async () => {
    const kept = new Map<string, string>();
    const session = LabSession.create({ lab: 'pure-bgp-crosssubnet', labs, time: 'instant' });
    const term = session.openTerminal();
    const steps = session.labView('en')!.steps;
    // What the page does when a step becomes current (the first time only).
    const keep = (stepId: string) => !kept.has(stepId) && !!kept.set(stepId, session.snapshot());

    // Step 1 starts with the lab; its solution completes it, and step 2 becomes current.
    expect(keep(steps[0].id)).toBe(true);
    for (const line of steps[0].solution) await run(session, term, line);
    const afterFirst = session.labView('en')!;
    expect(afterFirst.steps[0].done).toBe(true);
    const second = afterFirst.steps.find((s) => !s.done)!;
    expect(keep(second.id)).toBe(true);
    expect(keep(second.id)).toBe(false); // the first time the step was current wins
    const worldAtSecond = session.world.snapshot();

    // The student makes a mess in step 2: a pool change and a deleted calico-node pod.
    await run(session, term, `kubectl patch ippool default-ipv4-ippool --type merge -p '{"spec":{"ipipMode":"Never"}}'`);
    await run(session, term, 'kubectl delete pod -n kube-system $(kubectl get pods -n kube-system -l k8s-app=calico-node -o name | head -1 | cut -d/ -f2)');
    await run(session, term, 'sleep 5');
    expect(session.world.snapshot()).not.toBe(worldAtSecond);

    const restored = LabSession.restore(kept.get(second.id)!, labs);
    expect(restored.world.snapshot()).toBe(worldAtSecond);
    // The shell comes back with its id and its history of that moment.
    expect(restored.history(term)).toEqual(steps[0].solution);
    expect(restored.terminalNode(term)).toBe('k8s-master01');
    // Step 1 stays done; step 2's checks are as they were when it began.
    const view = restored.labView('en')!;
    expect(view.steps[0].done).toBe(true);
    expect(view.steps.find((s) => s.id === second.id)!.checks.map((c) => c.passed)).toEqual(afterFirst.steps.find((s) => s.id === second.id)!.checks.map((c) => c.passed));
    const route = await run(restored, term, 'ip r | grep 10.244.1.0');
    expect(route).toBe('10.244.1.0/24 via 172.16.11.81 dev tunl0 proto bird onlink \n');
  });

});

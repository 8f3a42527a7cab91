/**
 * Every lab is solvable: its checks fail on the start state and all pass after its solution
 * replays, through the same engine the browser uses (learnGitBranching's levels.spec, for labs).
 */
import { describe, it, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { LabSession } from '../src/shell/lab-session';
import { labsLoadFromDir } from '../src/labs/load-node';
import { parse } from 'yaml';

const labs = labsLoadFromDir(fileURLToPath(new URL('../labs', import.meta.url)));

describe('labs', () => {
  it('finds the labs in labs/', () => {
    expect(labs.map((l) => l.id)).toContain('deploy-calico');
  });

  for (const lab of labs) {
    // A solution line may fail only where its step's `command` check asks for a failure (`failed:
    // true`: the curl that a policy blocks); every other line must exit 0.
    const spec = parse(lab.yaml) as { steps: { id: string; checks: { command?: { matches: string; failed?: boolean } }[] }[] };
    const mayFail = (stepId: string, line: string) =>
      spec.steps.find((s) => s.id === stepId)!.checks.some((c) => c.command?.failed && new RegExp(c.command.matches).test(line));
    describe(lab.id, () => {
      it('starts with every check unmet, each with evidence that says why', async () => {
        const session = LabSession.create({ lab: lab.id, labs, time: 'instant' });
        await session.ready; // the lab's setup: (a drill's fault) has run
        const view = session.labView('en')!;
        const checks = view.steps.flatMap((s) => s.checks);
        expect(checks.length).toBeGreaterThan(0);
        for (const c of checks) {
          expect(c.passed, `${c.id} passed at the start`).toBe(false);
          expect(c.evidence, `${c.id} has no evidence`).toBeTruthy();
        }
      });

      it('passes every check after its solution replays', async () => {
        const session = LabSession.create({ lab: lab.id, labs, time: 'instant' });
        const term = session.openTerminal();
        const view0 = session.labView('en')!;
        let transcript = '';
        for (const step of view0.steps) {
          for (const cmd of step.solution) {
            const r = await session.exec(term, cmd, (c) => (transcript += c.text));
            if (mayFail(step.id, cmd)) expect(r.exitCode, `${cmd} was meant to fail`).not.toBe(0);
            else expect(r.exitCode, `${cmd}\n${transcript.slice(-2000)}`).toBe(0);
          }
          const now = session.labView('en')!.steps.find((s) => s.id === step.id)!;
          for (const c of now.checks) expect(c.passed, `${step.id}/${c.id}: ${c.evidence}`).toBe(true);
        }
        expect(session.labView('zh-CN')!.done).toBe(true);
      });
    });
  }
});

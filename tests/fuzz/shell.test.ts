/**
 * Shell fuzzing: generated and mutated command lines on a cluster with Calico installed. Every
 * line ends with an exit status within a bounded simulated time (loops included), nothing escapes
 * as an exception, no command prints an internal error, and the world keeps its invariants. `FUZZ_LINES=100000 npx vitest run tests/fuzz` runs
 * the full count (`npm run fuzz`); `npm test` runs a bounded sample.
 */
import { describe, it, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { LabSession } from '../../src/shell/lab-session';
import { labsLoadFromDir } from '../../src/labs/load-node';
import { worldInvariants } from '../../src/emulator/invariants';
import { fuzzLines } from './shell-fuzz';
import { loopLimit } from '../../src/shell/interpreter';
import { awkLimits } from '../../src/shell/commands/text/awk/runtime';

const LINES = Number(process.env.FUZZ_LINES ?? 1500);
const BATCH = 100;
const WAIT_LIMIT_MS = 5_000;
const MAX_LINE_MS = WAIT_LIMIT_MS + 120_000;

describe('shell fuzzing', () => {
  it(`survives ${LINES} generated and mutated command lines with its invariants intact`, async () => {
    const labs = labsLoadFromDir(fileURLToPath(new URL('../../labs', import.meta.url)));
    // Endless loops are the point here, not their length: each ends at 500 iterations.
    loopLimit.iterations = 500;
    awkLimits.steps = 20_000;
    const session = LabSession.create({ lab: 'deploy-calico', labs, time: 'instant', waitLimitMs: WAIT_LIMIT_MS });
    const term = session.openTerminal();
    for (const step of session.labView('en')!.steps) for (const cmd of step.solution) await session.exec(term, cmd, () => {});
    let i = 0;
    for (const text of fuzzLines(20261126, LINES)) {
      let out = '';
      let r = { exitCode: 0, prompt: '' };
      const before = session.world.now;
      // Lines of a multi-line command go in one by one, as typed at the `> ` prompt.
      for (const line of text.split('\n')) {
        r = await session.exec(term, line, (c) => (out += c.text));
        expect(Number.isInteger(r.exitCode), text).toBe(true);
      }
      expect(out, `internal error for: ${JSON.stringify(text).slice(0, 300)}`).not.toMatch(/internal error/);
      // Bounded: a line (loops included) waits at most the limit, plus the fixed steps some
      // commands take (kubectl apply's convergence).
      expect(session.world.now - before, `simulated time for: ${JSON.stringify(text).slice(0, 300)}`).toBeLessThanOrEqual(MAX_LINE_MS);
      if (r.prompt === '> ') session.interrupt(term);
      // Leave any ssh sessions so the next line runs on the master again, like a fresh prompt.
      while (session.terminalNode(term) !== 'k8s-master01') await session.exec(term, 'exit', () => {});
      if (++i % BATCH === 0) expect(worldInvariants(session.world), `after line ${i}`).toEqual([]);
    }
    expect(worldInvariants(session.world)).toEqual([]);
  }, 600_000);
});

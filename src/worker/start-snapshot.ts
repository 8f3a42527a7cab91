/**
 * The session a page with no options starts (the first lab, default seed), computed ahead: the
 * build runs this in Node (prebuild.config.ts) and bundles its snapshot into the worker
 * (`prebuiltStart`), so the first `start` restores a JSON world (a few ms) instead of creating
 * the cluster and running its first reconcile (about half of `start`). The emulator is
 * deterministic, so the restored session is the one `LabSession.create` would have made
 * (tests/start-snapshot.test.ts compares them, and how both evolve).
 */
import { LabSession, type SessionOptions } from '../shell/lab-session';
import type { LabSource } from '../labs/types';

export interface PrebuiltStart {
  /** The lab it is the start of (the first bundled lab). */
  lab: string;
  /** `LabSession.snapshot()` of the created session, before any terminal was opened. */
  snapshot: string;
}

/** The first lab's fresh session, as `start` would create it with no options. */
export async function startSnapshot(labs: LabSource[]): Promise<PrebuiltStart | null> {
  const lab = labs[0]?.id;
  if (!lab) return null;
  const session = LabSession.create({ lab, time: 'realtime', labs });
  await session.ready; // the lab's setup, as start waits for it
  return { lab, snapshot: session.snapshot() };
}

/** The options `start` creates a session with, where the prebuilt one could stand in. */
type CreateOptions = Pick<SessionOptions, 'lab' | 'seed' | 'scenario' | 'nodes' | 'mode'>;

/** Whether `LabSession.create` with these options would make exactly the prebuilt session. */
export function startIsPrebuilt(prebuilt: PrebuiltStart | null, opts: CreateOptions): prebuilt is PrebuiltStart {
  return (
    prebuilt !== null &&
    opts.lab === prebuilt.lab &&
    opts.seed === undefined &&
    opts.scenario === undefined &&
    opts.nodes === undefined &&
    opts.mode === undefined
  );
}

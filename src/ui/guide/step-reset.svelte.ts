/**
 * "Reset this step" in the guide: keeps each step's start state as the student reaches it
 * (progress/step-starts.ts, in IndexedDB) and puts the session back to it on request. The worker
 * restarts from the kept snapshot, so the cluster, the shells (ids, history, node) and the lab's
 * checks agree with each other; each terminal shows its screen of that moment and a line saying
 * that the step was reset.
 */
import type { LabView, StartOptions } from '../../worker/protocol';
import type { WorkerClient } from '../worker-client.svelte';
import type { TerminalTabs } from '../terminal/terminal-tabs.svelte';
import { progressDelete, progressGet, progressKeys, progressPut } from '../progress/store';
import { screenWithNotice, slotIsLab, StepStarts } from '../progress/step-starts';
import type { SavedScreen } from '../terminal/screen-store';

export interface StepResetDeps {
  client: WorkerClient;
  tabs: TerminalTabs;
  /** The session slot the page saves into now (savedSessionKey of the URL). */
  slot: () => string;
  startOptions: () => StartOptions;
  /** The line each terminal shows after the reset, in the page's language. */
  notice: (stepNumber: number, title: string) => string;
  /** After a reset: save the session so a reload continues from the step's start. */
  saved: () => Promise<void>;
}

const pageStorage = { get: progressGet, put: progressPut, delete: progressDelete, keys: progressKeys };

export class StepReset {
  /** Steps of the shown lab whose start is kept (the guide offers their reset). */
  resettable = $state.raw<ReadonlySet<string>>(new Set());
  /** Set while a reset restores the session. */
  busy = $state(false);
  #starts = new StepStarts(pageStorage);
  /** `slot#step` last looked at: the store is asked once per step change, not per update. */
  #seen = '';

  constructor(private deps: StepResetDeps) {}

  /** Called as the lab view changes: keeps the current step's start the first time it is current. */
  async observe(lab: LabView | null): Promise<void> {
    const { client, tabs } = this.deps;
    if (!lab || this.busy || !client.ready || client.restarting) return;
    const slot = this.deps.slot();
    if (!slotIsLab(slot, lab.id)) return; // the page is switching labs
    const current = lab.steps.find((s) => !s.done);
    const marker = `${slot}#${current?.id ?? ''}`;
    if (marker === this.#seen) return;
    this.#seen = marker;
    if (current) {
      await this.#starts.keep(slot, current.id, async () => ({
        snapshot: await client.snapshot(),
        screens: [...tabs.screens()],
        active: tabs.activeId,
      }));
    }
    this.resettable = await this.#starts.saved(slot, lab.steps.map((s) => s.id));
  }

  /** Puts the session back where the step began; later steps start over. */
  async reset(lab: LabView, stepId: string): Promise<boolean> {
    const { client, tabs } = this.deps;
    const slot = this.deps.slot();
    const start = await this.#starts.get(slot, stepId);
    if (!start || this.busy) return false;
    this.busy = true;
    try {
      const result = await client.start({ ...this.deps.startOptions(), restore: start.snapshot });
      if (result.restoreFailed) return false;
      const index = lab.steps.findIndex((s) => s.id === stepId);
      const notice = this.deps.notice(index + 1, lab.steps[index]?.title ?? stepId);
      const kept = new Map(start.screens);
      const screens = new Map<number, SavedScreen>();
      for (const s of await client.terminals()) screens.set(s.id, screenWithNotice(kept.get(s.id), notice, await client.history(s.id)));
      await tabs.adopt(start.active, screens);
      await this.#starts.forget(slot, lab.steps.map((s) => s.id), stepId);
      this.#seen = '';
      await this.deps.saved();
      return true;
    } finally {
      this.busy = false;
    }
  }

  /** A lab reset: every step starts over, so no kept start applies any more. */
  async clear(lab: LabView | null): Promise<void> {
    if (!lab) return;
    await this.#starts.forget(this.deps.slot(), lab.steps.map((s) => s.id));
    this.#seen = '';
    this.resettable = new Set();
  }
}

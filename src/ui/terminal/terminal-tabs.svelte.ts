/** The open terminal tabs, one per shell in the worker, and which one has the keyboard. */
import type { ExecResult } from '../../worker/protocol';
import type { WorkerClient } from '../worker-client.svelte';
import { TerminalSession } from './terminal-session';

export interface TermTab {
  id: number;
  node: string;
  session: TerminalSession;
}

export interface EditRequest {
  node: string;
  path: string;
  content: string;
  tab: number;
}

/** `root@k8s-node01:~# ` -> `k8s-node01`; only used to title a tab before its first command. */
function nodeFromPrompt(prompt: string): string {
  return /@([^:\s]+)/.exec(prompt)?.[1] ?? '?';
}

export class TerminalTabs {
  tabs = $state.raw<TermTab[]>([]);
  activeId = $state<number | null>(null);
  editRequest = $state.raw<EditRequest | null>(null);

  constructor(private client: WorkerClient) {}

  get active(): TermTab | undefined {
    return this.tabs.find((t) => t.id === this.activeId);
  }

  async open(node?: string): Promise<TermTab> {
    const id = await this.client.openTerminal(node);
    const prompt = await this.client.prompt(id);
    const session = new TerminalSession(this.client, id, {
      onResult: (r) => this.#onResult(id, r),
    });
    const tab: TermTab = { id, node: node ?? nodeFromPrompt(prompt), session };
    this.tabs = [...this.tabs, tab];
    this.activeId = id;
    return tab;
  }

  /** A click on a node in the topology: reuse its tab if one is open, else open one. */
  async focusNode(node: string): Promise<TermTab> {
    const existing = this.tabs.find((t) => t.node === node);
    if (existing) {
      this.activate(existing.id);
      return existing;
    }
    return this.open(node);
  }

  /** A fault button: the command is typed into a terminal on that node, for all to see. */
  async runOn(node: string, line: string): Promise<void> {
    const tab = await this.focusNode(node);
    await tab.session.run(line);
  }

  activate(id: number): void {
    this.activeId = id;
    // Focus after the tab became visible, or xterm would measure a hidden element.
    requestAnimationFrame(() => {
      const tab = this.active;
      tab?.session.fit();
      tab?.session.focus();
    });
  }

  close(id: number): void {
    const tab = this.tabs.find((t) => t.id === id);
    if (!tab) return;
    tab.session.dispose();
    this.tabs = this.tabs.filter((t) => t.id !== id);
    if (this.activeId === id) {
      const last = this.tabs.at(-1);
      if (last) this.activate(last.id);
      else void this.open().then((t) => this.activate(t.id));
    }
  }

  /** After a reset the worker's shells are gone: drop every tab and open a fresh one. */
  async reset(): Promise<void> {
    for (const t of this.tabs) t.session.dispose();
    this.tabs = [];
    this.editRequest = null;
    const tab = await this.open();
    this.activate(tab.id);
  }

  /** Click-to-run from the guide: the command goes to the terminal the student is looking at. */
  run(line: string): void {
    void this.active?.session.run(line);
  }

  focusActive(): void {
    this.active?.session.focus();
  }

  #onResult(id: number, r: ExecResult): void {
    if (r.closed) {
      this.close(id);
      return;
    }
    this.tabs = this.tabs.map((t) => (t.id === id && t.node !== r.node ? { ...t, node: r.node } : t));
    if (r.edit) this.editRequest = { node: r.node, path: r.edit.path, content: r.edit.content, tab: id };
  }
}

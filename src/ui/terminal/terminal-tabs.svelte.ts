/** The open terminal tabs, one per shell in the worker, and which one has the keyboard. */
import type { EditorFile, ExecResult, ExplainRequest, Explanation, TerminalInfo } from '../../worker/protocol';
import type { WorkerClient } from '../worker-client.svelte';
import { locale } from '../locale.svelte';
import { TerminalSession } from './terminal-session';
import { explainFocus } from './explain-state.svelte';
import { saveDownload } from './download';
import type { SavedScreen } from './screen-store';

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
  /**
   * Set while a command waits for the editor (`kubectl edit`): a save keeps the text here, and
   * closing the drawer hands the last saved text to the command, as an editor exiting would.
   */
  wait?: { resolve(text: string | null): void; saved: string };
}

/** `root@k8s-node01:~# ` -> `k8s-node01`; only used to title a tab before its first command. */
function nodeFromPrompt(prompt: string): string {
  return /@([^:\s]+)/.exec(prompt)?.[1] ?? '?';
}

export class TerminalTabs {
  tabs = $state.raw<TermTab[]>([]);
  activeId = $state<number | null>(null);
  editRequest = $state.raw<EditRequest | null>(null);

  /**
   * `onChange` runs after anything the saved session should capture: a command's result, a tab
   * opened or closed, another tab activated (the app saves then).
   */
  constructor(
    private client: WorkerClient,
    private onChange: () => void = () => undefined,
  ) {}

  get active(): TermTab | undefined {
    return this.tabs.find((t) => t.id === this.activeId);
  }

  #add(id: number, node: string): TermTab {
    const session = new TerminalSession(this.client, id, {
      onResult: (r) => this.#onResult(id, r),
      onExplain: (h) => void explainFocus.hover(h, (req) => this.client.explain(req)),
      onEdit: (file) => this.#waitForEditor(id, file),
    });
    session.lostMessage = () => locale.t('commandLost');
    const tab: TermTab = { id, node, session };
    this.tabs = [...this.tabs, tab];
    return tab;
  }

  async open(node?: string): Promise<TermTab> {
    const id = await this.client.openTerminal(node);
    // One round trip for both: the new shell's prompt (its node, for the tab) and its history.
    const [prompt, history] = await Promise.all([this.client.prompt(id), this.client.history(id)]);
    const tab = this.#add(id, node ?? nodeFromPrompt(prompt));
    tab.session.known = { prompt, history };
    this.activeId = id;
    this.onChange();
    return tab;
  }

  /**
   * Tabs for the shells the worker already has (a restored session), with their history, node
   * and, from `screens`, their saved output; opens one when there are none. `active` is the tab
   * to show (saved by the UI).
   */
  async adopt(active?: number | null, screens?: Map<number, SavedScreen>): Promise<void> {
    const shells: TerminalInfo[] = await this.client.terminals();
    for (const t of this.tabs) t.session.dispose();
    this.tabs = [];
    this.#endWait();
    this.editRequest = null;
    // A reload shows each terminal's earlier output again (when it still fits the restored shell).
    for (const s of shells) this.#add(s.id, s.node).session.savedScreen = screens?.get(s.id) ?? null;
    if (this.tabs.length === 0) await this.open();
    const show = this.tabs.find((t) => t.id === active) ?? this.tabs.at(-1);
    if (show) this.activate(show.id);
  }

  /**
   * After the worker was restarted from a snapshot: tabs whose shell the snapshot lacks are
   * closed; the others keep their screen (their shells came back with the same ids).
   */
  async resync(): Promise<void> {
    const shells = await this.client.terminals();
    const ids = new Set(shells.map((s) => s.id));
    const keep = this.tabs.filter((t) => ids.has(t.id));
    this.#endWait(); // the command that waited for it was lost with the old worker
    for (const t of this.tabs) if (!ids.has(t.id)) t.session.dispose();
    this.tabs = keep;
    if (this.tabs.length === 0) await this.open();
    const show = this.active ?? this.tabs.at(-1);
    if (show) this.activate(show.id);
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
    if (this.activeId !== id) {
      this.activeId = id;
      this.onChange();
    }
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
    this.#endWait(id);
    tab.session.dispose();
    this.tabs = this.tabs.filter((t) => t.id !== id);
    void this.client.closeTerminal(id).then(() => this.onChange());
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
    this.#endWait();
    this.editRequest = null;
    const tab = await this.open();
    this.activate(tab.id);
  }

  /** Every tab's screen, to be saved with the session (screen-store.ts). */
  screens(): Map<number, SavedScreen> {
    return new Map(this.tabs.map((t) => [t.id, t.session.screen()]));
  }

  /** Click-to-run from the guide: the command goes to the terminal the student is looking at. */
  run(line: string): void {
    void this.active?.session.run(line);
  }

  /** One output line explained by the worker (the keyboard panel asks through here). */
  explain(req: ExplainRequest): Promise<Explanation | null> {
    return this.client.explain(req);
  }

  focusActive(): void {
    this.active?.session.focus();
  }

  #waitForEditor(tab: number, file: EditorFile): Promise<string | null> {
    this.closeEditor(); // one drawer: a file opened meanwhile closes the one before, as if by its Close
    return new Promise((resolve) => {
      this.editRequest = { node: file.node, path: file.path, content: file.content, tab, wait: { resolve, saved: file.content } };
    });
  }

  /** A command's editor went away without being closed (Ctrl-C, the tab closed, a restart). */
  #endWait(tab?: number): void {
    const req = this.editRequest;
    if (!req?.wait || (tab !== undefined && req.tab !== tab)) return;
    this.editRequest = null;
    req.wait.resolve(null);
  }

  /** Save in the drawer while a command waits for it: the text stays with the drawer until it closes. */
  saveWaiting(content: string): boolean {
    const wait = this.editRequest?.wait;
    if (!wait) return false;
    wait.saved = content;
    return true;
  }

  /** The drawer closed: a waiting command gets the file as last saved (unchanged if never saved). */
  closeEditor(): void {
    const req = this.editRequest;
    this.editRequest = null;
    req?.wait?.resolve(req.wait.saved);
  }

  #onResult(id: number, r: ExecResult): void {
    this.#endWait(id);
    this.onChange();
    if (r.closed) {
      this.close(id);
      return;
    }
    this.tabs = this.tabs.map((t) => (t.id === id && t.node !== r.node ? { ...t, node: r.node } : t));
    if (r.edit) {
      this.closeEditor();
      this.editRequest = { node: r.node, path: r.edit.path, content: r.edit.content, tab: id };
    }
    for (const f of r.download ?? []) saveDownload(f.name, f.data);
  }
}

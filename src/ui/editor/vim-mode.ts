/**
 * A vim feel for the editor (monaco-vim): normal/insert/visual modes, and the ex commands a
 * student types to leave vim — `:w`, `:q`, `:q!`, `:wq`, `:x` — acting on the open file.
 * The ex commands are global in monaco-vim, so they act on whichever editor is open.
 */
import type { loadMonaco } from './monaco-loader';

type MonacoApi = Awaited<ReturnType<typeof loadMonaco>>;
type Editor = ReturnType<MonacoApi['editor']['create']>;

export interface VimActions {
  /** Resolves false when the file could not be written. */
  save(): Promise<boolean>;
  /** `:q` refuses to close with unsaved changes (as vim does, E37); `:q!` discards them. */
  quit(force: boolean): void;
}

let current: VimActions | null = null;
let exDefined = false;

export async function vimModeStart(editor: Editor, statusNode: HTMLElement, actions: VimActions): Promise<{ dispose(): void }> {
  const { initVimMode, VimMode } = await import('monaco-vim');
  if (!exDefined) {
    exDefined = true;
    // monaco-vim's types leave out the CodeMirror Vim API it carries.
    const Vim = (VimMode as unknown as { Vim: { defineEx(name: string, prefix: string, fn: (cm: unknown, params: { argString?: string }) => void): void } }).Vim;
    const writeQuit = async () => {
      const a = current;
      if (a && (await a.save())) a.quit(true);
    };
    Vim.defineEx('write', 'w', () => void current?.save());
    Vim.defineEx('quit', 'q', (_cm: unknown, params: { argString?: string }) => current?.quit((params.argString ?? '').trim() === '!'));
    Vim.defineEx('wq', 'wq', () => void writeQuit());
    Vim.defineEx('xit', 'x', () => void writeQuit());
  }
  const mode = initVimMode(editor, statusNode);
  current = actions;
  return {
    dispose() {
      mode.dispose();
      if (current === actions) current = null;
    },
  };
}

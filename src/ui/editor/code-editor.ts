/** Owns one Monaco editor instance: created on a file's content, disposed on close. */
import { languageFor, loadMonaco } from './monaco-loader';

type MonacoApi = Awaited<ReturnType<typeof loadMonaco>>;
type Editor = ReturnType<MonacoApi['editor']['create']>;

export class CodeEditor {
  private constructor(
    private editor: Editor,
    private saved: string,
  ) {}

  static async create(
    host: HTMLElement,
    file: { path: string; content: string },
    events: { onSave(): void; onChange(dirty: boolean): void },
  ): Promise<CodeEditor> {
    const monaco = await loadMonaco();
    const editor = monaco.editor.create(host, {
      value: file.content,
      language: languageFor(file.path),
      theme: 'vs-dark',
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      insertSpaces: true,
      scrollBeyondLastLine: false,
    });
    const self = new CodeEditor(editor, file.content);
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => events.onSave());
    editor.onDidChangeModelContent(() => events.onChange(self.dirty));
    editor.focus();
    return self;
  }

  get value(): string {
    return this.editor.getValue();
  }

  get dirty(): boolean {
    return this.editor.getValue() !== this.saved;
  }

  markSaved(): void {
    this.saved = this.editor.getValue();
  }

  dispose(): void {
    this.editor.getModel()?.dispose();
    this.editor.dispose();
  }
}

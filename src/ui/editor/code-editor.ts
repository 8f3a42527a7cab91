/** Owns one Monaco editor instance: created on a file's content, disposed on close. */
import { languageFor, loadMonaco } from './monaco-loader';

type MonacoApi = Awaited<ReturnType<typeof loadMonaco>>;
type Editor = ReturnType<MonacoApi['editor']['create']>;

export class CodeEditor {
  timer: ReturnType<typeof setTimeout> | undefined;
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
    const model = editor.getModel();
    // The YAML parser comes with the editor chunk, not the initial bundle.
    const markers = languageFor(file.path) === 'yaml' ? await import('./yaml-markers') : null;
    const lint = () => {
      if (model && !model.isDisposed() && markers) markers.yamlMarkersUpdate(monaco, model);
    };
    lint();
    editor.onDidChangeModelContent(() => {
      events.onChange(self.dirty);
      // Re-parse after typing pauses: calico.yaml is thousands of lines.
      clearTimeout(self.timer);
      self.timer = setTimeout(lint, 300);
    });
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
    clearTimeout(this.timer);
    const model = this.editor.getModel();
    // The editor first: Monaco throws if its model is disposed while still attached.
    this.editor.dispose();
    model?.dispose();
  }
}

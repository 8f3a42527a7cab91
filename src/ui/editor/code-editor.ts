/** Owns one Monaco editor instance: created on a file's content, disposed on close. */
import { languageFor, loadMonaco } from './monaco-loader';
import { yamlLanguageConfigure } from './yaml-language';

type MonacoApi = Awaited<ReturnType<typeof loadMonaco>>;
type Editor = ReturnType<MonacoApi['editor']['create']>;

export interface EditorEvents {
  onSave(): void;
  onChange(dirty: boolean): void;
  /** Errors and warnings on the file (schema and syntax), for the drawer's header. */
  onProblems?(count: number): void;
}

export class CodeEditor {
  private constructor(
    readonly editor: Editor,
    readonly monaco: MonacoApi,
    private saved: string,
  ) {}

  static async create(
    host: HTMLElement,
    file: { node: string; path: string; content: string },
    events: EditorEvents,
    schema: () => Promise<Record<string, unknown>>,
  ): Promise<CodeEditor> {
    const monaco = await loadMonaco();
    const language = languageFor(file.path);
    // The schemas are in place before the model exists, so its first validation uses them.
    if (language === 'yaml') await yamlLanguageConfigure(monaco, schema);
    // A file: URI named after the node and path: monaco-yaml matches schemas by URI, and two
    // nodes' /root/calico.yaml stay two models.
    const uri = monaco.Uri.from({ scheme: 'file', path: `/${file.node}${file.path || '/untitled'}` });
    monaco.editor.getModel(uri)?.dispose();
    const model = monaco.editor.createModel(file.content, language, uri);
    const editor = monaco.editor.create(host, {
      model,
      theme: 'vs-dark',
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      insertSpaces: true,
      scrollBeyondLastLine: false,
      // Completion popups must not hide behind the drawer's edge.
      fixedOverflowWidgets: true,
    });
    const self = new CodeEditor(editor, monaco, file.content);
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => events.onSave());
    editor.onDidChangeModelContent(() => events.onChange(self.dirty));
    const markers = monaco.editor.onDidChangeMarkers((uris) => {
      if (uris.some((u) => u.toString() === uri.toString())) events.onProblems?.(monaco.editor.getModelMarkers({ resource: uri }).length);
    });
    editor.onDidDispose(() => markers.dispose());
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
    const model = this.editor.getModel();
    // The editor first: Monaco throws if its model is disposed while still attached.
    this.editor.dispose();
    model?.dispose();
  }
}

/**
 * Loads Monaco on first use only: every import here is dynamic, so none of Monaco lands in the
 * initial bundle. Entry points are the 0.57 ones (see TOOLCHAIN.md).
 */
type MonacoApi = typeof import('monaco-editor/editor');

let loading: Promise<MonacoApi> | null = null;

export function loadMonaco(): Promise<MonacoApi> {
  loading ??= (async () => {
    const { default: EditorWorker } = await import('monaco-editor/editor/editor.worker?worker');
    self.MonacoEnvironment = { getWorker: () => new EditorWorker() };
    const monaco = await import('monaco-editor/editor');
    await Promise.all([
      import('monaco-editor/features/register.all'),
      import('monaco-editor/languages/definitions/yaml/register'),
    ]);
    return monaco;
  })();
  return loading;
}

export function languageFor(path: string): string {
  if (/\.ya?ml$/i.test(path)) return 'yaml';
  if (/\.json$/i.test(path)) return 'json';
  if (/\.(sh|bash)$/i.test(path)) return 'shell';
  return 'plaintext';
}

/**
 * Loads Monaco on first use only: every import here is dynamic, so none of Monaco lands in the
 * initial bundle. Entry points are the 0.57 ones (see TOOLCHAIN.md). The YAML language worker
 * (monaco-yaml) is a bundled file like Monaco's own, as the page's CSP requires.
 */
type MonacoApi = typeof import('monaco-editor/editor');

let loading: Promise<MonacoApi> | null = null;

export function loadMonaco(): Promise<MonacoApi> {
  loading ??= (async () => {
    const [{ default: EditorWorker }, { default: YamlWorker }] = await Promise.all([
      import('monaco-editor/editor/editor.worker?worker'),
      import('monaco-yaml/yaml.worker.js?worker'),
    ]);
    self.MonacoEnvironment = { getWorker: (_id: string, label: string) => (label === 'yaml' ? new YamlWorker() : new EditorWorker()) };
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
  // calicoctl.cfg and kubeconfigs are YAML without the extension.
  if (/(^|\/)(calicoctl\.cfg|\.kube\/config|kubeconfig)$/.test(path)) return 'yaml';
  return 'plaintext';
}

/**
 * Schema-aware YAML (monaco-yaml): validation, completion and hover against the manifest schema
 * of the Calico and Kubernetes kinds (src/emulator/schemas, sent by the worker). Configured once:
 * monaco-yaml allows one instance per page.
 */
import type { loadMonaco } from './monaco-loader';
import { locale } from '../locale.svelte';
import { yamlMessageIn } from './yaml-messages';
import { schemaIn } from './schema-descriptions';

type MonacoApi = Awaited<ReturnType<typeof loadMonaco>>;
type WorkerOptions = { worker?: Worker | Promise<Worker>; moduleId?: string; label?: string; createData?: unknown; host?: Record<string, Function>; keepIdleModels?: boolean };

/** Where the schema's links and error sources point; nothing is ever fetched (no schema requests). */
const SCHEMA_URI = 'inmemory://calico-lab/manifest.schema.json';

let configured: Promise<void> | null = null;

type Markers = Parameters<MonacoApi['editor']['setModelMarkers']>[2];
/** monaco-yaml's last markers per model, as it sent them (English). */
const englishMarkers = new WeakMap<object, { owner: string; markers: Markers }>();
let relocalize = () => {};

function localized(markers: Markers): Markers {
  return markers.map((m) => ({ ...m, message: yamlMessageIn(locale.current, m.message) }));
}

/** The page's language changed: the markers on screen follow at once. */
export function yamlMarkersRelocalize(): void {
  relocalize();
}

/**
 * The Monaco API as monaco-yaml gets it, with two changes. monaco-worker-manager still calls
 * `createWebWorker({ moduleId, label, createData })`; Monaco 0.57 wants `{ worker }` and would
 * silently start no worker (TOOLCHAIN.md, pitfall 2): this copy starts the worker through
 * MonacoEnvironment and performs the handshake Monaco's own language workers do (`'ignore'`, then
 * the create data). And its markers are translated on their way to the model (yaml-messages.ts).
 */
function monacoForYaml(monaco: MonacoApi): MonacoApi {
  const createWebWorker = (opts: WorkerOptions) => {
    if (opts.worker) return monaco.editor.createWebWorker({ worker: opts.worker, host: opts.host, keepIdleModels: opts.keepIdleModels });
    const worker = Promise.resolve(self.MonacoEnvironment!.getWorker!(opts.moduleId ?? 'workerMain.js', opts.label ?? 'yaml')).then((w) => {
      w.postMessage('ignore');
      w.postMessage(opts.createData);
      return w;
    });
    return monaco.editor.createWebWorker({ worker, host: opts.host, keepIdleModels: opts.keepIdleModels });
  };
  // monaco-yaml's diagnostics are English; they reach the model through here, in the UI's language
  // (the English ones are kept, so a language switch can show them again in the other language).
  const setModelMarkers: MonacoApi['editor']['setModelMarkers'] = (model, owner, markers) => {
    englishMarkers.set(model, { owner, markers });
    monaco.editor.setModelMarkers(model, owner, localized(markers));
  };
  relocalize = () => {
    for (const m of monaco.editor.getModels()) {
      const kept = englishMarkers.get(m);
      if (kept) monaco.editor.setModelMarkers(m, kept.owner, localized(kept.markers));
    }
  };
  return { ...monaco, editor: { ...monaco.editor, createWebWorker, setModelMarkers } } as MonacoApi;
}

export function yamlLanguageConfigure(monaco: MonacoApi, schema: () => Promise<Record<string, unknown>>): Promise<void> {
  configured ??= (async () => {
    const [{ configureMonacoYaml }, manifest] = await Promise.all([import('monaco-yaml'), schema()]);
    const options = (lang: typeof locale.current) => ({
      enableSchemaRequest: false,
      completion: true,
      hover: true,
      validate: true,
      schemas: [{ uri: SCHEMA_URI, fileMatch: ['*'], schema: schemaIn(lang, manifest) as never }],
    });
    let lang = locale.current;
    const yaml = configureMonacoYaml(monacoForYaml(monaco) as unknown as Parameters<typeof configureMonacoYaml>[0], options(lang));
    // Hover texts come from the schema's descriptions: a language switch hands monaco-yaml the other copy.
    const relocalizeMarkers = relocalize;
    relocalize = () => {
      relocalizeMarkers();
      if (lang === locale.current) return;
      lang = locale.current;
      void yaml.update(options(lang));
    };
  })().catch((err: unknown) => {
    // Without schemas the editor still edits and saves; try again on the next open.
    configured = null;
    console.warn('YAML schemas unavailable', err);
  });
  return configured;
}

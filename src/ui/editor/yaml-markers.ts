/**
 * YAML syntax errors as Monaco markers, so a student sees a broken indent in calico.yaml before
 * `kubectl apply` complains. Uses the same `yaml` parser as the emulator; loaded with the editor.
 */
import { parseAllDocuments } from 'yaml';
import type { loadMonaco } from './monaco-loader';

type MonacoApi = Awaited<ReturnType<typeof loadMonaco>>;
type Model = NonNullable<ReturnType<ReturnType<MonacoApi['editor']['create']>['getModel']>>;

export function yamlMarkersUpdate(monaco: MonacoApi, model: Model): void {
  const markers = parseAllDocuments(model.getValue())
    .flatMap((doc) => ('errors' in doc ? doc.errors : []))
    .map((e) => {
      const [start, end] = e.linePos ?? [];
      const line = start?.line ?? 1;
      const col = start?.col ?? 1;
      return {
        severity: monaco.MarkerSeverity.Error,
        message: e.message.split('\n')[0] ?? e.message,
        startLineNumber: line,
        startColumn: col,
        endLineNumber: end?.line ?? line,
        endColumn: end?.col ?? col + 1,
      };
    });
  monaco.editor.setModelMarkers(model, 'yaml-syntax', markers);
}

/**
 * Work done once at build time instead of in every student's first `start` (README "Speed"):
 * - `labSpecPlugin`: `/labs/<lab>/lab.yaml?lab-spec` is the lab's YAML already parsed, as JSON
 *   text (null when it does not parse: the worker then parses it and reports the error as before);
 *   the worker bundles these beside the raw YAML (src/worker/lab-sources.ts).
 * - `startSnapshotPlugin` (build only): src/worker/start-prebuilt.ts becomes the snapshot of the
 *   session a page with no options starts, made by src/worker/start-snapshot.ts run in Node with
 *   this build's own code and labs; the worker restores it instead of creating the cluster.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { runnerImport, type Plugin } from 'vite';

const LAB_SPEC = /\/lab\.yaml\?lab-spec$/;

export function labSpecPlugin(): Plugin {
  return {
    name: 'calico-lab-spec',
    enforce: 'pre',
    load(id) {
      if (!LAB_SPEC.test(id)) return null;
      const file = id.replace(/\?.*$/, '');
      this.addWatchFile(file);
      let json: string | null = null;
      try {
        json = JSON.stringify(parse(readFileSync(file, 'utf8')));
      } catch {
        /* left to the worker, which reports it as for any lab */
      }
      return `export default ${JSON.stringify(json)};`;
    },
  };
}

const PREBUILT = fileURLToPath(new URL('./src/worker/start-prebuilt.ts', import.meta.url));
const GENERATOR = fileURLToPath(new URL('./src/worker/start-snapshot.ts', import.meta.url));
const LAB_SOURCES = fileURLToPath(new URL('./src/worker/lab-sources.ts', import.meta.url));

export function startSnapshotPlugin(): Plugin {
  return {
    name: 'calico-lab-start-snapshot',
    apply: 'build',
    async load(id) {
      if (id !== PREBUILT) return null;
      // The build's own source, through Vite's module runner (TypeScript, import.meta.glob).
      const config = { configFile: false as const, logLevel: 'error' as const, plugins: [labSpecPlugin()] };
      const { module: generator } = await runnerImport<{ startSnapshot(labs: unknown[]): Promise<unknown> }>(GENERATOR, config);
      const { module: sources } = await runnerImport<{ labSources(): unknown[] }>(LAB_SOURCES, config);
      const prebuilt = await generator.startSnapshot(sources.labSources());
      return `export const prebuiltStart = ${JSON.stringify(prebuilt)};`;
    },
  };
}

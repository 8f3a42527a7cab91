/// <reference types="vite/client" />
/**
 * The labs the browser can start, bundled from labs/<folder>/ at build time: lab.yaml plus one
 * Markdown file per locale (en.md, zh-CN.md).
 */
import type { LabSource, Locale } from '../labs/types';

const files = import.meta.glob<string>(['/labs/*/lab.yaml', '/labs/*/*.md'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** Each lab.yaml parsed at build time, as JSON text (prebuild.config.ts): a start parses no YAML. */
const specs = import.meta.glob<string | null>('/labs/*/lab.yaml', { query: '?lab-spec', import: 'default', eager: true });

const LOCALES: readonly string[] = ['en', 'zh-CN'];

/** Built once: the files never change, and the worker asks at every start and catalog. */
let built: LabSource[] | null = null;

export function labSources(): LabSource[] {
  built ??= buildLabSources();
  return [...built];
}

function buildLabSources(): LabSource[] {
  const byFolder = new Map<string, LabSource>();
  for (const [path, text] of Object.entries(files)) {
    const [, folder = '', file = ''] = /^\/labs\/([^/]+)\/(.+)$/.exec(path) ?? [];
    let src = byFolder.get(folder);
    if (!src) {
      src = { id: folder, yaml: '', texts: {}, path: `labs/${folder}/lab.yaml` };
      byFolder.set(folder, src);
    }
    if (file === 'lab.yaml') {
      src.yaml = text;
      src.specJson = specs[path];
      // The lab's own id wins over its folder name (folders may carry an order prefix).
      src.id = /^id:\s*["']?([\w.-]+)/m.exec(text)?.[1] ?? folder;
    } else {
      const locale = file.replace(/\.md$/, '');
      if (LOCALES.includes(locale)) src.texts[locale as Locale] = text;
    }
  }
  // Folder order is course order (01-..., 02-...). Code-point order, not localeCompare: the first
  // localeCompare in a fresh worker sets up ICU's collator, ~25 ms on the way to the first prompt.
  return [...byFolder.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, src]) => src)
    .filter((s) => s.yaml !== '');
}

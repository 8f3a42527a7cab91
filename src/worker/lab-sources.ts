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

const LOCALES: readonly string[] = ['en', 'zh-CN'];

export function labSources(): LabSource[] {
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
      // The lab's own id wins over its folder name (folders may carry an order prefix).
      src.id = /^id:\s*["']?([\w.-]+)/m.exec(text)?.[1] ?? folder;
    } else {
      const locale = file.replace(/\.md$/, '');
      if (LOCALES.includes(locale)) src.texts[locale as Locale] = text;
    }
  }
  // Folder order is course order (01-..., 02-...).
  return [...byFolder.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, src]) => src)
    .filter((s) => s.yaml !== '');
}

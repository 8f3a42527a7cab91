/** Reading labs from the repository's labs/ folder in Node (command-line runner, tests, lint). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabSource } from './types';

export function labsLoadFromDir(dir: string): LabSource[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'lab.yaml')))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((d) => {
      const read = (f: string) => (existsSync(join(dir, d.name, f)) ? readFileSync(join(dir, d.name, f), 'utf8') : undefined);
      const yaml = read('lab.yaml')!;
      const id = /^id:\s*(\S+)/m.exec(yaml)?.[1] ?? d.name;
      return { id, yaml, texts: { en: read('en.md'), 'zh-CN': read('zh-CN.md') }, path: `labs/${d.name}/lab.yaml` };
    });
}

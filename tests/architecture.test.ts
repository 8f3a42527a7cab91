/**
 * The layers hold: imports point one way (ui -> worker -> shell -> labs -> emulator). The pure
 * layers are also compiled without the DOM library (`npm run check`); this test catches an import
 * that would pull a higher layer, or the shell, into the UI's bundle.
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('../src', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(ts|svelte)$/.test(f) && !/\.test\.ts$/.test(f) ? [p] : [];
  });
}

/** Value (not type-only) imports of a file, as layer names. */
function layerImports(file: string): { layer: string; spec: string }[] {
  const text = readFileSync(file, 'utf8');
  const out: { layer: string; spec: string }[] = [];
  for (const m of text.matchAll(/^import\s+(type\s+)?[^'"]*?from\s+'(\.[^']+)'/gm)) {
    if (m[1]) continue;
    const target = relative(src, resolve(dirname(file), m[2]));
    out.push({ layer: target.split('/')[0], spec: m[2] });
  }
  return out;
}

const ALLOWED: Record<string, string[]> = {
  emulator: ['emulator'],
  labs: ['labs', 'emulator'],
  shell: ['shell', 'labs', 'emulator'],
  worker: ['worker', 'shell', 'labs', 'emulator'],
  ui: ['ui'],
};

/** Files that run only in Node (lint and loaders) and may use the shell's parser. */
const NODE_TOOLS = new Set(['labs/lint.ts', 'labs/lint-cli.ts', 'labs/load-node.ts']);

describe('layers', () => {
  for (const layer of Object.keys(ALLOWED)) {
    it(`${layer} imports only ${ALLOWED[layer].join(', ')}`, () => {
      const wrong: string[] = [];
      for (const file of sources(join(src, layer))) {
        const rel = relative(src, file);
        if (NODE_TOOLS.has(rel)) continue;
        for (const imp of layerImports(file)) {
          if (!ALLOWED[layer].includes(imp.layer)) wrong.push(`${rel} imports ${imp.spec}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }
});

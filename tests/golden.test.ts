/**
 * Every golden transcript under tests/golden/ replays to the character. `UPDATE_GOLDEN=1 npm test`
 * rewrites them; review the diff like code.
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transcriptParse, transcriptRun } from './golden-format';

const root = fileURLToPath(new URL('./golden', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.txt') ? [p] : [];
  });
}

describe('golden transcripts', () => {
  for (const file of files(root).sort()) {
    it(relative(root, file), async () => {
      const text = readFileSync(file, 'utf8');
      const actual = await transcriptRun(transcriptParse(text));
      if (process.env.UPDATE_GOLDEN === '1') {
        if (actual !== text) writeFileSync(file, actual);
        return;
      }
      expect(actual).toBe(text);
    });
  }
});

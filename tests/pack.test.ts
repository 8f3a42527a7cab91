/** Workshop packs: the example pack passes, inline labs go through the lab lint, bad files are refused with messages (fuzzed). */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { labsLoadFromDir } from '../src/labs/load-node';
import { labLint } from '../src/labs/lint';
import { schemaCheck } from '../src/labs/lint-cli';
import { packCheck } from '../src/labs/pack';
import { LabSession } from '../src/shell/lab-session';

const labs = labsLoadFromDir(fileURLToPath(new URL('../labs', import.meta.url)));
const opts = { known: labs.map((l) => l.id), lint: (s: Parameters<typeof labLint>[0]) => labLint(s, schemaCheck()) };
const example = readFileSync(fileURLToPath(new URL('../packs/troubleshooting-workshop.yaml', import.meta.url)), 'utf8');
const drill = labs.find((l) => l.id === 'drill-mtu')!;

function inlinePack(yaml: string) {
  return stringify({ pack: 'p', title: 'P', labs: [{ lab: 'read-routes' }, { inline: { 'lab.yaml': yaml, 'en.md': drill.texts.en, 'zh-CN.md': drill.texts['zh-CN'] }, minutes: 5 }] });
}

describe('workshop packs', () => {
  it('accepts the example pack', () => {
    const r = packCheck(example, opts);
    expect(r.ok, r.ok ? '' : r.errors.join('\n')).toBe(true);
    if (r.ok) expect(r.pack.labs.map((l) => l.lab)).toEqual(['read-routes', 'drill-bgp-port-blocked', 'drill-mtu', 'drill-default-deny', 'drill-pod-cidr']);
  });

  it('runs an inline lab through the same lint, and the session can start it', async () => {
    const r = packCheck(inlinePack(drill.yaml.replace('id: drill-mtu', 'id: my-mtu')), opts);
    expect(r.ok, r.ok ? '' : r.errors.join('\n')).toBe(true);
    if (!r.ok) return;
    expect(r.pack.labs).toEqual([{ lab: 'read-routes' }, { lab: 'my-mtu', minutes: 5 }]);
    const s = LabSession.create({ lab: 'my-mtu', labs: [...labs, ...r.sources], time: 'instant' });
    await s.ready;
    expect(s.labView('en')!.steps.length).toBeGreaterThan(0);
    const bad = packCheck(inlinePack(drill.yaml.replace('id: drill-mtu', 'id: my-mtu').replace('node: k8s-node01, dev: eth0', 'node: k8s-node09, dev: eth0')), opts);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.join('\n')).toMatch(/no node "k8s-node09"/);
    const dup = packCheck(inlinePack(drill.yaml), opts);
    expect(dup.ok).toBe(false);
    if (!dup.ok) expect(dup.errors.join('\n')).toMatch(/already a bundled lab/);
  });

  it('refuses malformed packs with messages', () => {
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['[1, 2', /not YAML/],
      ['- a\n- b', /mapping/],
      ['pack: x\ntitle: X\nlabs: []', /non-empty/],
      ['pack: x\ntitle: X\nlabs: [{ lab: nosuch }]', /no bundled lab "nosuch"/],
      ['pack: x\ntitle: X\nlabs: [{ lab: drill-mtu, minutes: -3 }]', /minutes/],
      ['pack: X!\ntitle: X\nlabs: [{ lab: drill-mtu }]', /pack must be an id/],
      ['pack: x\ntitle: X\nscript: alert(1)\nlabs: [{ lab: drill-mtu }]', /unknown field "script"/],
      ['pack: x\ntitle: X\nlocale: fr\nlabs: [{ lab: drill-mtu }]', /locale/],
      ['a: &a [*a]', /mapping|YAML|unknown/],
      ['x'.repeat(600_000), /too large/],
    ];
    for (const [text, re] of cases) {
      const r = packCheck(text, opts);
      expect(r.ok, text.slice(0, 30)).toBe(false);
      if (!r.ok) expect(r.errors.join('\n')).toMatch(re);
    }
  });

  it('fuzz: random and mutated pack files never throw', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const pool = ':-[]{}"\'\n #&*!|>abc01 labsminutespack';
    for (let i = 0; i < 400; i++) {
      const base = i % 2 ? example : inlinePack(drill.yaml.replace('id: drill-mtu', 'id: my-mtu'));
      const chars = [...base];
      for (let m = 0; m < 1 + Math.floor(rand() * 6); m++) chars[Math.floor(rand() * chars.length)] = pool[Math.floor(rand() * pool.length)];
      const r = packCheck(i % 7 === 0 ? chars.slice(0, Math.floor(rand() * chars.length)).join('') : chars.join(''), opts);
      if (!r.ok) expect(r.errors.length).toBeGreaterThan(0);
      else expect(r.pack.labs.length).toBeGreaterThan(0);
    }
  });
});

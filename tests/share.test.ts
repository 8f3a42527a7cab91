/**
 * Share links: a session replayed from its log reaches the same state (the same `ip r`, the same
 * terminals and history), and random or damaged links are refused with a message, never a throw.
 */
import { describe, it, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { LabSession } from '../src/shell/lab-session';
import { labsLoadFromDir } from '../src/labs/load-node';
import { shareDecode, shareEncode, shareValidate, SHARE_MAX_BYTES } from '../src/shell/share';

const labs = labsLoadFromDir(fileURLToPath(new URL('../labs', import.meta.url)));

async function run(s: LabSession, term: number, line: string): Promise<string> {
  let out = '';
  await s.exec(term, line, (c) => (out += c.text));
  return out;
}

/** A seeded PRNG (mulberry32): the fuzz cases are the same on every run. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('share links', () => {
  it('replaying the log of a lab session gives the same ip r, terminals and history', async () => {
    const a = LabSession.create({ lab: 'deploy-calico', labs, time: 'instant' });
    const t1 = a.openTerminal();
    const t2 = a.openTerminal('k8s-node01');
    await run(a, t1, 'curl https://docs.projectcalico.org/manifests/calico.yaml -O');
    await run(a, t1, 'kubectl apply -f calico.yaml');
    a.world.advance(45_000); // the browser's clock ticks between commands
    await run(a, t2, 'ip r');
    a.writeFile('k8s-node01', '/root/notes.txt', 'checked\n');
    await run(a, t1, 'sleep 60');
    const t3 = a.openTerminal('k8s-node02');
    a.closeTerminal(t3);
    const want = await run(a, t2, 'ip r');
    a.world.advance(10_000);

    const code = await shareEncode(a.shareState());
    const decoded = await shareDecode(code);
    expect(decoded.ok, decoded.ok ? '' : decoded.error).toBe(true);
    if (!decoded.ok) return;
    const b = await LabSession.replay(decoded.state, { labs, time: 'instant' });
    expect(b.world.now).toBe(a.world.now);
    expect(b.terminalList()).toEqual(a.terminalList());
    expect(b.history(t1)).toEqual(a.history(t1));
    expect(b.history(t2)).toEqual(a.history(t2));
    expect(b.readFile('k8s-node01', '/root/notes.txt')).toBe('checked\n');
    // Run the same line on both: the output matches (it was not there at the start).
    expect(await run(b, t2, 'ip r')).toBe(await run(a, t2, 'ip r'));
    expect(want).toContain('tunl0');
    expect(b.labView('en')).toEqual(a.labView('en'));
    expect(JSON.stringify(b.digest())).toBe(JSON.stringify(a.digest()));
  });

  it('replays a prefix of the log (the scrubber)', async () => {
    const a = LabSession.create({ scenario: 'installed', time: 'instant' });
    const t = a.openTerminal();
    await run(a, t, 'ip route add 10.99.0.0/16 via 172.16.11.81');
    await run(a, t, 'ip route del 10.99.0.0/16');
    const s = a.shareState();
    const routes = async (n: number) => {
      const b = await LabSession.replay(s, { time: 'instant' }, n);
      return b.world.node('k8s-master01')!.routes.some((r) => r.dst === '10.99.0.0/16');
    };
    expect(await routes(0)).toBe(false);
    expect(await routes(2)).toBe(true);
    expect(await routes(3)).toBe(false);
    expect((await LabSession.replay(s, { time: 'instant' }, 1)).history(t)).toEqual([]);
  });

  it('an interrupted command waits on replay only as long as it did', async () => {
    const a = LabSession.create({ scenario: 'installed', time: 'instant', waitLimitMs: 4000 });
    const t = a.openTerminal();
    await run(a, t, 'ping 172.16.11.81'); // cut off by the wait limit, as by Ctrl-C
    const s = a.shareState();
    // A realtime interruption is recorded as `stop`; the instant limit stands in for it here.
    const ev = s.events.find((e) => e.k === 'exec')!;
    (ev as { stop?: number }).stop = 4000;
    const b = await LabSession.replay(s, { time: 'instant' });
    expect(b.world.now).toBe(a.world.now);
  });

  it('a saved session keeps its log, so it can still be shared after a reload', async () => {
    const a = LabSession.create({ scenario: 'installed', time: 'instant' });
    const t = a.openTerminal();
    await run(a, t, 'hostname');
    const back = LabSession.restore(a.snapshot());
    expect(back.shareState().events).toEqual(a.shareState().events);
    const old = JSON.parse(a.snapshot());
    delete old.log;
    expect(() => LabSession.restore(JSON.stringify(old)).shareState()).toThrow(/cannot be shared/);
  });

  it('does not make a link its reader would refuse', async () => {
    const a = LabSession.create({ scenario: 'installed', time: 'instant' });
    const t = a.openTerminal();
    await run(a, t, `echo ${'x'.repeat(5000)}`);
    await expect(shareEncode(a.shareState())).rejects.toThrow(/cannot be shared: .*4096/);
  });

  it('drops a log too large to share, so saves stay small', () => {
    const a = LabSession.create({ scenario: 'installed', time: 'instant' });
    for (let i = 0; i < 5; i++) a.writeFile('k8s-master01', `/root/f${i}`, 'y'.repeat(20_000));
    expect(() => a.shareState()).toThrow(/cannot be shared/);
    expect(JSON.parse(a.snapshot()).log).toBeUndefined();
  });

  it('refuses malformed links with a message', async () => {
    const b64 = (o: unknown) => deflateRawSync(Buffer.from(JSON.stringify(o))).toString('base64url');
    const cases: [string, RegExp][] = [
      ['', /no session/],
      ['!!!', /base64url/],
      ['AAAA', /decompress|JSON/],
      [Buffer.from('hello').toString('base64url'), /decompress|JSON/],
      [deflateRawSync(Buffer.from('not json')).toString('base64url'), /not JSON/],
      [b64([]), /not an object/],
      [b64({ v: 2, events: [], end: 0 }), /version/],
      [b64({ v: 1, events: [], end: 0, extra: 1 }), /unknown field/],
      [b64({ v: 1, lab: '<img src=x>', events: [], end: 0 }), /lab id/],
      [b64({ v: 1, events: [{ k: 'exec', term: 1, line: 'ls', at: 0 }], end: 0 }), /no open terminal/],
      [b64({ v: 1, events: [{ k: 'open', term: 1, node: 'a' }, { k: 'exec', term: 1, line: 'ls', at: 5 }], end: 1 }), /end is before/],
      [b64({ v: 1, events: [{ k: 'eval', code: 'alert(1)' }], end: 0 }), /k must be/],
      [deflateRawSync(Buffer.alloc(SHARE_MAX_BYTES + 10, 32)).toString('base64url'), /larger than/],
      ['A'.repeat(200_000), /too long/],
    ];
    for (const [text, re] of cases) {
      const r = await shareDecode(text);
      expect(r.ok, text.slice(0, 40)).toBe(false);
      if (!r.ok) expect(r.error).toMatch(re);
    }
  });

  it('fuzz: random and mutated links never throw and never validate into nonsense', async () => {
    const a = LabSession.create({ scenario: 'installed', time: 'instant' });
    const t = a.openTerminal();
    await run(a, t, 'ip r');
    await run(a, t, 'ssh k8s-node01');
    const good = await shareEncode(a.shareState());
    const json = JSON.stringify(a.shareState());
    const r = rng(42);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/!%#';
    const n = Number(process.env.FUZZ_SHARE ?? 300);
    for (let i = 0; i < n; i++) {
      let text: string;
      const kind = i % 4;
      if (kind === 0) text = Array.from({ length: Math.floor(r() * 200) }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
      else if (kind === 1) {
        const chars = [...good];
        for (let m = 0; m < 1 + Math.floor(r() * 4); m++) chars[Math.floor(r() * chars.length)] = alphabet[Math.floor(r() * 64)];
        text = chars.join('');
      } else if (kind === 2) text = good.slice(0, Math.floor(r() * good.length));
      else {
        // Valid compression of mutated JSON: the schema has to catch it.
        const chars = [...json];
        for (let m = 0; m < 1 + Math.floor(r() * 3); m++) chars[Math.floor(r() * chars.length)] = '{}[]":,0a-1'[Math.floor(r() * 11)];
        text = deflateRawSync(Buffer.from(chars.join(''))).toString('base64url');
      }
      const res = await shareDecode(text);
      if (res.ok) {
        // Whatever passes is well-formed enough to replay without throwing.
        expect(shareValidate(JSON.parse(JSON.stringify(res.state))).ok).toBe(true);
        await LabSession.replay(res.state, { time: 'instant', waitLimitMs: 2000 }).catch((e) => {
          expect(String(e)).toMatch(/unknown lab|unknown scenario|no node|scenario/i);
        });
      } else expect(res.error.length).toBeGreaterThan(0);
    }
  }, 120_000);
});

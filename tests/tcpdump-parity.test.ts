/**
 * Our tcpdump (4.99 profile) against Debian's real tcpdump: each capture of the corpus is written
 * with our pcap writer, read back by `tcpdump -r`, and both outputs must agree line for line.
 */
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpus } from './dataplane/corpus';
import { pcapWrite } from '../src/emulator/net/packet';
import { TcpdumpPrinter } from '../src/shell/commands/net/tcpdump/printer';
import { printOptionsDefault } from '../src/shell/commands/net/tcpdump/options';
import { realTcpdump } from './real-tcpdump';

const binary = realTcpdump();
const dir = mkdtempSync(join(tmpdir(), 'calico-lab-pcap-'));

const FLAGS: string[][] = [['-n'], ['-nn'], ['-n', '-e'], ['-n', '-v'], ['-n', '-vv'], ['-n', '-e', '-v'], ['-n', '-A'], ['-n', '-X'], ['-n', '-vv', '-X']];

function ours(c: ReturnType<typeof corpus>[number], flags: string[]): string {
  const printer = new TcpdumpPrinter(
    printOptionsDefault({ link: flags.includes('-e'), verbose: flags.includes('-vv') ? 2 : flags.includes('-v') ? 1 : 0, ascii: flags.includes('-A'), hex: flags.includes('-X') }),
  );
  return c.frames.map((f) => printer.print({ ...f, linktype: c.linktype })).join('');
}

// Skipped only when the real binary is absent (`apt-get install -y tcpdump`; .ci/run installs it).
describe.skipIf(!binary)('our tcpdump prints as Debian tcpdump 4.99 does', () => {
  for (const c of corpus()) {
    describe(c.name, () => {
      const file = join(dir, `${c.name}.pcap`);
      writeFileSync(file, pcapWrite(c.linktype, c.frames));
      it.each(FLAGS.map((f) => [f.join(' '), f]))('with %s', (_name, flags) => {
        const real = execFileSync(binary!, ['-r', file, ...flags], { env: { ...process.env, TZ: 'UTC' }, stdio: ['ignore', 'pipe', 'pipe'] }).toString('latin1');
        expect(ours(c, flags).split('\n')).toEqual(real.split('\n'));
      });
    });
  }
});

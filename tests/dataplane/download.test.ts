/**
 * `download FILE`: the bytes a `tcpdump -w` capture hands to the browser are a pcap that Debian's
 * real tcpdump reads back line for line as ours does (the node set to the 4.99 profile); text
 * files leave as UTF-8; a missing file or a directory is refused like cp would.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabSession } from '../../src/shell/lab-session';
import { downloadBytes } from '../../src/shell/commands/net/download';
import { realTcpdump } from '../real-tcpdump';

let session: LabSession;
let term: number;
const run = async (line: string) => {
  let out = '';
  let err = '';
  const r = await session.exec(term, line, (c) => (c.stream === 'stderr' ? (err += c.text) : (out += c.text)));
  return { ...r, out, err };
};

beforeAll(async () => {
  session = LabSession.create({ scenario: 'installed', time: 'instant' });
  term = session.openTerminal();
  await run('kubectl run web --image=nginx');
  await run('sleep 60');
  for (const n of session.world.state.nodes) n.tcpdumpVersion = '4.99';
}, 60_000);

describe('download', () => {
  it('hands a tcpdump -w capture over as a pcap the real tcpdump reads like ours', async () => {
    const web = (await run("kubectl get pod web -o jsonpath='{.status.podIP}'")).out;
    const node = (await run("kubectl get pod web -o jsonpath='{.spec.nodeName}'")).out;
    await run(`ssh ${node}`);
    await run('tcpdump -i eth0 -nn -c 12 -w /root/web.pcap &');
    await run('ssh k8s-master01 ping -c 2 ' + web);
    await run(`ssh k8s-master01 curl -s -o /dev/null http://${web}/`);
    await run('wait');
    const ours = (await run('tcpdump -nn -r /root/web.pcap')).out;
    expect(ours.split('\n').filter(Boolean).length).toBe(12);
    const r = await run('download /root/web.pcap');
    expect(r.exitCode).toBe(0);
    expect(r.out + r.err).toBe('');
    expect(r.download).toHaveLength(1);
    const file = r.download![0];
    expect(file.name).toBe('web.pcap');
    expect(Array.from(file.data.slice(0, 4))).toEqual([0xd4, 0xc3, 0xb2, 0xa1]);
    const binary = realTcpdump();
    if (!binary) return; // .ci/run installs tcpdump; without it only the bytes are checked
    const path = join(mkdtempSync(join(tmpdir(), 'calico-lab-download-')), file.name);
    writeFileSync(path, file.data);
    const real = execFileSync(binary, ['-nn', '-r', path], { env: { ...process.env, TZ: 'UTC' }, stdio: ['ignore', 'pipe', 'pipe'] }).toString('latin1');
    expect(real).toBe(ours);
  });

  it('refuses a missing file or a directory, and needs a file name', async () => {
    expect(await run('download /nope.pcap')).toMatchObject({ exitCode: 1, err: 'download: /nope.pcap: No such file or directory\n' });
    expect(await run('download /root')).toMatchObject({ exitCode: 1, err: 'download: /root: Is a directory\n' });
    expect(await run('download')).toMatchObject({ exitCode: 2, err: 'usage: download FILE...\n' });
  });

  it('writes text as UTF-8 and binary strings byte for byte', () => {
    expect(Array.from(downloadBytes('路由 ok\n'))).toEqual([0xe8, 0xb7, 0xaf, 0xe7, 0x94, 0xb1, 0x20, 0x6f, 0x6b, 0x0a]);
    expect(Array.from(downloadBytes('\xd4\xc3\xb2\xa1\x02\x00'))).toEqual([0xd4, 0xc3, 0xb2, 0xa1, 0x02, 0x00]);
  });
});

// Taking a capture home: `tcpdump -w` on a node, then `download FILE` in the terminal makes the
// browser save the pcap (playwright's download event); its bytes are a pcap that Debian's real
// tcpdump reads (when installed) with the packets the capture counted.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export default async function ({ test, driver, newPage, url, artifacts, PROMPT, WAIT }) {
  const page = await newPage();
  const term = driver(page);
  // Starting the installed scenario applies calico.yaml in the worker: slow on a busy machine.
  const SLOW = Math.max(WAIT, 90_000);

  await test('pcap: download FILE saves a tcpdump -w capture that real tcpdump reads', async () => {
    await page.goto(url + '?sandbox&scenario=installed');
    await term.waitForText(PROMPT, SLOW);
    await page.locator('[data-testid="terminal"] .xterm-helper-textarea').first().focus();
    await term.run('tcpdump -i eth0 -nn -c 4 -w /root/ping.pcap icmp &');
    await term.waitForText('[1] ', SLOW);
    await term.run('ping -c 2 k8s-node01');
    await term.waitForText('2 packets transmitted, 2 received', SLOW);
    await term.run('wait');
    await term.waitForText('4 packets captured', SLOW);
    const saved = page.waitForEvent('download', { timeout: SLOW });
    await term.run('download ping.pcap');
    const download = await saved;
    if (download.suggestedFilename() !== 'ping.pcap') throw new Error(`saved as ${download.suggestedFilename()}`);
    const path = join(artifacts, 'ping.pcap');
    await download.saveAs(path);
    const bytes = readFileSync(path);
    if (bytes.readUInt32LE(0) !== 0xa1b2c3d4) throw new Error(`not a pcap: starts ${bytes.subarray(0, 4).toString('hex')}`);
    // 24-byte header, then 4 records of 16-byte header + 98-byte Ethernet/IPv4/ICMP frames.
    if (bytes.length !== 24 + 4 * (16 + 98)) throw new Error(`${bytes.length} bytes, not 4 ICMP frames`);
    let real = null;
    try {
      real = execFileSync('tcpdump', ['-nn', '-r', path], { env: { ...process.env, TZ: 'UTC' }, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
    } catch (e) {
      if (e.code !== 'ENOENT') throw e; // no tcpdump here: the bytes were checked above
    }
    if (real !== null) {
      const lines = real.trim().split('\n');
      if (lines.length !== 4 || !lines.every((l) => / ICMP echo (request|reply)/.test(l))) throw new Error(`real tcpdump read:\n${real}`);
    }
    await page.screenshot({ path: join(artifacts, 'pcap-download-1366x768.png') });
  });

  await test('pcap: download of a missing file says so and saves nothing', async () => {
    let saved = false;
    page.on('download', () => (saved = true));
    await page.locator('[data-testid="terminal"] .xterm-helper-textarea').first().focus();
    await term.run('download nope.pcap');
    await term.waitForText('download: nope.pcap: No such file or directory', SLOW);
    if (saved) throw new Error('a download started for a missing file');
    await page.context().close();
  });
}

/**
 * `download FILE...`: hands files from the node to the browser, as web terminals do (Cloud Shell's
 * `cloudshell download`), so a `tcpdump -w` capture opens in Wireshark on the student's machine.
 * Prints nothing when it works; the page saves each file under its base name.
 */
import type { CommandSpec } from '../../context';
import { fsBasename, fsRead, fsResolve } from '../../../emulator/fs';
import { utf8Encode } from '../../../emulator/net/tcp-apps';

/** Pcap magics (µs and ns, both byte orders) as the first four chars of a binary string. */
const PCAP_MAGICS = ['\xd4\xc3\xb2\xa1', '\xa1\xb2\xc3\xd4', '\x4d\x3c\xb2\xa1', '\xa1\xb2\x3c\x4d'];

/**
 * A file's bytes. The node's files are strings: binary ones (pcaps) hold one byte per char
 * (pcapToBinaryString); text is UTF-8 on disk, as the student's editor expects it.
 */
export function downloadBytes(content: string): Uint8Array {
  const binary = PCAP_MAGICS.some((m) => content.startsWith(m)) || (/[\x00-\x08\x0e-\x1f]/.test(content) && !/[^\x00-\xff]/.test(content));
  if (!binary) return utf8Encode(content);
  const out = new Uint8Array(content.length);
  for (let i = 0; i < content.length; i++) out[i] = content.charCodeAt(i);
  return out;
}

export const download: CommandSpec = {
  name: 'download',
  summary: 'save files from this node to your computer (e.g. a tcpdump -w capture)',
  usage: 'download FILE...',
  run(ctx) {
    const files = ctx.argv.slice(1);
    if (!files.length) {
      ctx.err('usage: download FILE...\n');
      return 2;
    }
    let status = 0;
    const out: { name: string; data: Uint8Array }[] = [];
    for (const f of files) {
      const content = fsRead(ctx.node.fs, fsResolve(ctx.shell.cwd, f));
      if (content === 'ENOENT' || content === 'ENOTDIR') {
        ctx.err(`download: ${f}: No such file or directory\n`);
        status = 1;
      } else if (content === 'EISDIR') {
        ctx.err(`download: ${f}: Is a directory\n`);
        status = 1;
      } else out.push({ name: fsBasename(fsResolve(ctx.shell.cwd, f)), data: downloadBytes(content) });
    }
    if (out.length) ctx.effects.download = [...(ctx.effects.download ?? []), ...out];
    return status;
  },
};

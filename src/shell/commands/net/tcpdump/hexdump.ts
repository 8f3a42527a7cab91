/** tcpdump's `-X` and `-A` payload dumps (print-ascii.c): the bytes after the link-layer header. */

const isGraph = (c: number) => c > 0x20 && c < 0x7f;

/** `-X`: `\t0x0000:  4500 0054 ...  E..T....`, 16 bytes a line, hex padded to 40 columns. */
export function hexAsciiDump(b: Uint8Array): string {
  let out = '';
  for (let off = 0; off < b.length; off += 16) {
    const row = b.subarray(off, off + 16);
    let hex = '';
    let asc = '';
    for (let i = 0; i < row.length; i += 2) {
      hex += ' ' + row[i].toString(16).padStart(2, '0') + (i + 1 < row.length ? row[i + 1].toString(16).padStart(2, '0') : '');
    }
    for (const c of row) asc += isGraph(c) ? String.fromCharCode(c) : '.';
    out += `\n\t0x${off.toString(16).padStart(4, '0')}: ${hex.padEnd(40)}  ${asc}`;
  }
  return out;
}

/** `-A`: printable bytes, tabs, spaces and newlines as they are; a CR before LF is dropped. */
export function asciiDump(b: Uint8Array): string {
  let out = '\n';
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    const left = b.length - i - 1;
    if (c === 0x0d) {
      if (left > 1 && b[i + 1] !== 0x0a) out += '.';
    } else out += isGraph(c) || c === 0x09 || c === 0x20 || c === 0x0a ? String.fromCharCode(c) : '.';
  }
  return out;
}

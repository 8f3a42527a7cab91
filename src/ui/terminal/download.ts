/**
 * The browser side of `download FILE`: each file the command handed over is saved through a
 * temporary object URL on an `<a download>`, the way a web terminal offers a file.
 */

/** Wireshark and tcpdump register this type for pcap files; anything else is plain bytes. */
function mimeOf(name: string, data: Uint8Array): string {
  const magic = data.length >= 4 ? (data[0] << 24) | (data[1] << 16) | (data[2] << 8) | data[3] : 0;
  const pcap = [0xd4c3b2a1, 0xa1b2c3d4, 0x4d3cb2a1, 0xa1b23c4d].some((m) => m === magic >>> 0);
  return pcap || /\.pcap$/i.test(name) ? 'application/vnd.tcpdump.pcap' : 'application/octet-stream';
}

export function saveDownload(name: string, data: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([data as BlobPart], { type: mimeOf(name, data) }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The click starts the download synchronously; the URL can go once it has been read.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

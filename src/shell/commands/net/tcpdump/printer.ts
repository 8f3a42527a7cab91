/** One tcpdump's output: the timestamp and line of each packet, with TCP state across packets. */
import type { PrintOptions } from './options';
import type { IpPrintState } from './print-ip';
import type { Frame } from './print-link';
import { etherPrint, framePrint } from './print-link';

export class TcpdumpPrinter {
  private state: IpPrintState;

  constructor(opts: PrintOptions) {
    this.state = { opts, tcpSeqs: new Map(), ether: (b) => etherPrint(b, this.state) };
  }

  /** `HH:MM:SS.uuuuuu` (UTC, the nodes' time zone) and the packet, ending in a newline. */
  print(frame: Frame & { timeMs: number; prefix?: string }): string {
    return `${timestamp(frame.timeMs)} ${frame.prefix ?? ''}${framePrint(frame, this.state)}\n`;
  }
}

export function timestamp(ms: number): string {
  const us = Math.round(ms * 1000);
  const d = new Date(Math.floor(us / 1000));
  return d.toISOString().slice(11, 19) + '.' + String(us % 1_000_000).padStart(6, '0');
}

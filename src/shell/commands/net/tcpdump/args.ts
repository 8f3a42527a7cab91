/** tcpdump's command line: getopt-style short options (`-nni eth0`, `-c5`), then the filter words. */

export interface TcpdumpArgs {
  iface?: string;
  numeric: number;
  link: boolean;
  verbose: number;
  count?: number;
  write?: string;
  read?: string;
  ascii: boolean;
  hex: boolean;
  list: boolean;
  filter: string;
}

const WITH_ARG = new Set(['i', 'c', 'w', 'r', 's', 'C', 'F', 'G', 'W', 'y', 'B', 'E', 'j', 'M', 'T', 'V', 'z', 'Z']);
const FLAGS = new Set(['n', 'e', 'v', 'A', 'X', 'x', 'D', 'l', 'q', 't', 'S', 'U', 'p', 'K', 'N', 'O', 'H', 'I', 'L', 'P']);

export type ArgsResult = { ok: true; args: TcpdumpArgs } | { ok: false; message: string };

export function tcpdumpArgs(argv: string[]): ArgsResult {
  const a: TcpdumpArgs = { numeric: 0, link: false, verbose: 0, ascii: false, hex: false, list: false, filter: '' };
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i];
    if (w === '--') {
      rest.push(...argv.slice(i + 1));
      break;
    }
    if (!w.startsWith('-') || w === '-') {
      rest.push(w);
      continue;
    }
    for (let j = 1; j < w.length; j++) {
      const c = w[j];
      if (WITH_ARG.has(c)) {
        const v = j + 1 < w.length ? w.slice(j + 1) : argv[++i];
        if (v === undefined) return { ok: false, message: `tcpdump: option requires an argument -- '${c}'` };
        if (c === 'i') a.iface = v;
        else if (c === 'w') a.write = v;
        else if (c === 'r') a.read = v;
        else if (c === 'c') {
          const n = Number(v);
          if (!/^\d+$/.test(v) || n <= 0) return { ok: false, message: `tcpdump: invalid packet count ${v}` };
          a.count = n;
        }
        break;
      }
      if (!FLAGS.has(c)) return { ok: false, message: `tcpdump: invalid option -- '${c}'` };
      if (c === 'n') a.numeric++;
      else if (c === 'e') a.link = true;
      else if (c === 'v') a.verbose++;
      else if (c === 'A') a.ascii = true;
      else if (c === 'X' || c === 'x') a.hex = true;
      else if (c === 'D') a.list = true;
    }
  }
  a.filter = rest.join(' ');
  return { ok: true, args: a };
}

export const TCPDUMP_USAGE = `Usage: tcpdump [-AbdDefhHIJKlLnNOpqStuUvxX#] [ -B size ] [ -c count ] [--count]
\t\t[ -C file_size ] [ -E algo:secret ] [ -F file ] [ -G seconds ]
\t\t[ -i interface ] [ --immediate-mode ] [ -j tstamptype ]
\t\t[ -M secret ] [ --number ] [ --print ] [ -Q in|out|inout ]
\t\t[ -r file ] [ -s snaplen ] [ -T type ] [ --version ]
\t\t[ -V file ] [ -w file ] [ -W filecount ] [ -y datalinktype ]
\t\t[ --time-stamp-precision precision ] [ --micro ] [ --nano ]
\t\t[ -z postrotate-command ] [ -Z user ] [ expression ]`;

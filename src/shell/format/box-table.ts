/**
 * The box tables of `calicoctl ipam show` and `calicoctl node status`: olekukonko/tablewriter
 * v0.0.5 with calicoctl's settings (reference calico-behaviour.md §0.2). Headers are upper-cased
 * and centred (an odd gap leaves the extra space on the right), cells that look like plain numbers
 * are right-aligned, and a cell over 30 characters that has spaces wraps onto several lines.
 */

const WRAP_WIDTH = 30;
const NUMBER = /^-?(\d{1,3}(,\d{3})*|\d+)(\.\d+)?$/;

const SURROGATE = /[\uD800-\uDFFF]/;

/** Characters (code points), as Go's utf8.RuneCountInString; most cells are ASCII. */
function width(s: string): number {
  return SURROGATE.test(s) ? [...s].length : s.length;
}

/** tablewriter's WrapString: words joined greedily into lines of at most `limit`, long words alone. */
function wrapCell(text: string): string[] {
  if (width(text) <= WRAP_WIDTH || !text.includes(' ')) return [text];
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur && width(cur) + 1 + width(w) > WRAP_WIDTH) {
      lines.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(cur);
  return lines;
}

function centre(text: string, w: number): string {
  const gap = w - width(text);
  const left = Math.floor(gap / 2);
  return ' '.repeat(left) + text + ' '.repeat(gap - left);
}

/** A cell padded to its column: plain numbers to the right, the rest to the left. */
function pad(t: string, w: number): string {
  return NUMBER.test(t) ? t.padStart(w) : t + ' '.repeat(w - width(t));
}

/**
 * Render header and rows as calicoctl prints them (trailing newline included). Plain loops: a
 * 500-peer reflector's `calicoctl node status` has 2,500 cells, and a closure and array per cell
 * were most of its time.
 */
export function boxTable(header: string[], rows: string[][]): string {
  const heads = header.map((h) => h.replace(/_/g, ' ').toUpperCase());
  const cols = heads.length;
  // A cell is its text, or its lines when it wraps (rare: only long texts with spaces do).
  const cells = rows.map((r) => r.map((t) => (width(t) <= WRAP_WIDTH || !t.includes(' ') ? t : wrapCell(t))));
  const widths = heads.map(width);
  for (const r of cells) {
    for (let i = 0; i < cols && i < r.length; i++) {
      const c = r[i];
      if (typeof c === 'string') widths[i] = Math.max(widths[i], width(c));
      else for (const t of c) widths[i] = Math.max(widths[i], width(t));
    }
  }
  const border = '+' + widths.map((w) => '-'.repeat(w + 2)).join('+') + '+';
  let out = border + '\n| ' + heads.map((h, i) => centre(h, widths[i])).join(' | ') + ' |\n' + border + '\n';
  for (const r of cells) {
    let height = 1;
    for (const c of r) if (typeof c !== 'string') height = Math.max(height, c.length);
    for (let line = 0; line < height; line++) {
      let text = '|';
      for (let i = 0; i < cols; i++) {
        const c = r[i];
        const t = c === undefined ? '' : typeof c === 'string' ? (line === 0 ? c : '') : (c[line] ?? '');
        text += ' ' + pad(t, widths[i]) + ' |';
      }
      out += text + '\n';
    }
  }
  // The bottom border; an empty table is the header block and this line.
  return out + border + '\n';
}

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

/** Render header and rows as calicoctl prints them (trailing newline included). */
export function boxTable(header: string[], rows: string[][]): string {
  const heads = header.map((h) => h.replace(/_/g, ' ').toUpperCase());
  const wrapped = rows.map((r) => r.map(wrapCell));
  const widths = heads.map((h, i) => Math.max(width(h), ...wrapped.map((r) => Math.max(0, ...(r[i] ?? ['']).map(width)))));
  const border = '+' + widths.map((w) => '-'.repeat(w + 2)).join('+') + '+';
  const out = [border, '| ' + heads.map((h, i) => centre(h, widths[i])).join(' | ') + ' |', border];
  for (const r of wrapped) {
    const height = Math.max(1, ...r.map((c) => c.length));
    for (let line = 0; line < height; line++) {
      const cells = widths.map((w, i) => {
        const t = r[i]?.[line] ?? '';
        return NUMBER.test(t) ? t.padStart(w) : t + ' '.repeat(w - width(t));
      });
      out.push('| ' + cells.join(' | ') + ' |');
    }
  }
  // The bottom border; an empty table is the header block and this line.
  out.push(border);
  return out.join('\n') + '\n';
}

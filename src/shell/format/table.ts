/**
 * Go's `text/tabwriter`, which kubectl and calicoctl print their tables with. Cells end at a tab;
 * the text after a line's last tab is not a cell, so it is never padded. A column's width is set
 * per block of consecutive lines that have that column, exactly as tabwriter's `format` does.
 */

export interface TabwriterOptions {
  minWidth: number;
  padding: number;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** Characters (code points); most cells are ASCII, and spreading each into an array was a third of `kubectl get nodes` at 500 nodes. */
function textWidth(s: string): number {
  return SURROGATE.test(s) ? [...s].length : s.length;
}

/** Align tab-separated text like `tabwriter.NewWriter(out, minWidth, 8, padding, ' ', 0)` then Flush. */
export function tabwriter(text: string, opts: TabwriterOptions): string {
  const endsWithNewline = text.endsWith('\n');
  const lines = (endsWithNewline ? text.slice(0, -1) : text).split('\n').map((l) => l.split('\t'));
  const widths: number[] = [];
  const out: string[] = [];

  const writeLines = (line0: number, line1: number) => {
    for (let i = line0; i < line1; i++) {
      const cells = lines[i];
      let s = '';
      for (let j = 0; j < cells.length; j++) {
        const c = cells[j];
        s += j < cells.length - 1 && j < widths.length ? c + ' '.repeat(Math.max(0, widths[j] - textWidth(c))) : c;
      }
      out.push(s);
    }
  };

  const format = (line0: number, line1: number) => {
    const column = widths.length;
    for (let row = line0; row < line1; row++) {
      if (column >= lines[row].length - 1) continue;
      writeLines(line0, row);
      line0 = row;
      let width = opts.minWidth;
      for (; row < line1; row++) {
        if (column >= lines[row].length - 1) break;
        width = Math.max(width, textWidth(lines[row][column]) + opts.padding);
      }
      widths.push(width);
      format(line0, row);
      widths.pop();
      line0 = row;
      row--;
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out.join('\n') + (endsWithNewline ? '\n' : '');
}

/** A `kubectl get` table: min width 6, padding 3, last column unpadded (no trailing spaces). */
export function kubectlTable(rows: string[][]): string {
  if (rows.length === 0) return '';
  return tabwriter(rows.map((r) => r.join('\t')).join('\n') + '\n', { minWidth: 6, padding: 3 });
}

/**
 * A `calicoctl get` table (reference calico §0.1): min width 5, padding 3, and every cell, the last
 * one included, is tab-terminated, so every line ends in spaces. Followed by the blank "gap" line
 * calicoctl prints after each table unless `gap` is false.
 */
export function calicoctlTable(rows: string[][], gap = true): string {
  const text = tabwriter(rows.map((r) => r.join('\t') + '\t').join('\n') + '\n', { minWidth: 5, padding: 3 });
  return text + (gap ? '\n' : '');
}

/** `kubectl describe`'s writer: tabwriter(out, 0, 8, 2, ' ', 0). */
export function describeFormat(text: string): string {
  return tabwriter(text, { minWidth: 0, padding: 2 });
}

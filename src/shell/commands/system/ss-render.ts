/**
 * iproute2 ss's column layout (misc/ss.c: out/field_flush/render_calc_width/render): every field is
 * a token; a column is as wide as its longest *flushed* token plus its left delimiter (the very
 * last token printed is never flushed, so it does not widen its column); right-aligned address
 * columns, left-aligned others. On a terminal the spare width is spread over the columns of each
 * line; into a pipe the output stays compact. Checked against iproute2 6.1 in a network namespace.
 */

interface Column {
  align: 'left' | 'right';
  header: string;
  ldelim: string;
}

/** Netid, State, Recv-Q, Send-Q, Local Address:, Port, Peer Address:, Port, Process, (proc). */
export const SS_COLUMNS: Column[] = [
  { align: 'left', header: 'Netid', ldelim: '' },
  { align: 'left', header: 'State', ldelim: ' ' },
  { align: 'left', header: 'Recv-Q', ldelim: ' ' },
  { align: 'left', header: 'Send-Q', ldelim: ' ' },
  { align: 'right', header: 'Local Address:', ldelim: ' ' },
  { align: 'left', header: 'Port', ldelim: '' },
  { align: 'right', header: 'Peer Address:', ldelim: ' ' },
  { align: 'left', header: 'Port', ldelim: '' },
  { align: 'left', header: 'Process', ldelim: '' },
  { align: 'left', header: '', ldelim: '' },
];

/**
 * Lay out rows of tokens (one per column, 10 each; disabled columns are skipped) as ss prints them.
 * `screenWidth` null: not a terminal (compact).
 */
export function ssRender(rows: string[][], disabled: boolean[], header: boolean, screenWidth: number | null): string {
  const enabled = SS_COLUMNS.map((_, i) => !disabled[i]);
  // The token stream: the header stops before the last column (print_header), rows fill all of it.
  const tokens: { col: number; text: string }[] = [];
  if (header) for (let i = 0; i < SS_COLUMNS.length - 1; i++) if (enabled[i]) tokens.push({ col: i, text: SS_COLUMNS[i].header });
  const proc = SS_COLUMNS.length - 1;
  for (const row of rows) {
    // The previous line's last column (proc) is flushed when the next row starts.
    if (tokens.length) tokens.push({ col: proc, text: '' });
    for (let i = 0; i < proc; i++) if (enabled[i]) tokens.push({ col: i, text: row[i] ?? '' });
  }
  if (!tokens.length) return '';
  // Widths come from every token but the last one written (never flushed).
  const maxLen = SS_COLUMNS.map(() => 0);
  tokens.slice(0, -1).forEach((t) => (maxLen[t.col] = Math.max(maxLen[t.col], t.text.length)));
  const width = SS_COLUMNS.map(() => 0);
  let first = true;
  SS_COLUMNS.forEach((c, i) => {
    if (!enabled[i]) return;
    width[i] = !first && maxLen[i] ? maxLen[i] + c.ldelim.length : maxLen[i];
    if (screenWidth !== null) width[i] = Math.min(width[i], screenWidth);
    if (width[i]) first = false;
  });
  if (screenWidth !== null) spread(width, screenWidth);

  let out = '';
  let lineStarted = false;
  for (const t of tokens) {
    const col = t.col;
    const c = SS_COLUMNS[col];
    let printed = 0;
    if (lineStarted) {
      out += c.ldelim;
      printed = c.ldelim.length;
    }
    lineStarted = true;
    if (width[col] && c.align === 'right') {
      const s = width[col] - t.text.length - printed;
      if (s > 0) {
        out += ' '.repeat(s);
        printed += s;
      }
    }
    out += t.text;
    printed += t.text.length;
    if (width[col] && c.align === 'left') {
      const s = width[col] - printed;
      if (s > 0) out += ' '.repeat(s);
    }
    if (col === proc) {
      out += '\n';
      lineStarted = false;
    }
  }
  if (lineStarted) out += '\n';
  return out;
}

/** render_calc_width's second pass: break into screen lines and spread the spare columns. */
function spread(width: number[], screen: number): void {
  let len = 0;
  let linecols = 0;
  let eol = -1;
  for (let i = 0; i < width.length; i++) {
    if (!width[i]) continue;
    linecols++;
    len += width[i];
    const last = !width.slice(i + 1).some((w) => w > 0);
    if (!last && len < screen) continue;
    if (len !== screen) {
      if (len > screen) {
        len -= width[i];
        i--;
        linecols--;
      }
      const pad = screen - len;
      const spacing = linecols ? Math.floor(pad / linecols) : 0;
      let rem = linecols ? pad % linecols : 0;
      for (let j = i; j > eol; j--) {
        if (!width[j]) continue;
        width[j] += spacing;
        if (rem) {
          width[j]++;
          rem--;
        }
      }
    }
    eol = i;
    len = 0;
    linecols = 0;
  }
}

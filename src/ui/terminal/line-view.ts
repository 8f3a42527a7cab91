/**
 * Escape sequences that redraw "prompt + line" in place, even when it wraps over several rows.
 * Offsets count cells from the start of the prompt; characters are assumed one cell wide.
 */
export function redrawSequence(
  prompt: string,
  text: string,
  cursor: number,
  prevOffset: number,
  cols: number,
): { seq: string; offset: number } {
  let seq = '';
  const up = Math.floor(prevOffset / cols);
  if (up > 0) seq += `\x1b[${up}A`;
  seq += '\r' + prompt + text;
  const end = prompt.length + text.length;
  // At an exact multiple of the width xterm waits to wrap; force the wrap so rows stay known.
  if (end > 0 && end % cols === 0) seq += ' \r';
  seq += '\x1b[J';
  const target = prompt.length + cursor;
  const rowsBack = Math.floor(end / cols) - Math.floor(target / cols);
  if (rowsBack > 0) seq += `\x1b[${rowsBack}A`;
  seq += '\r';
  const col = target % cols;
  if (col > 0) seq += `\x1b[${col}C`;
  return { seq, offset: target };
}

/** Where the cursor must go to leave the edited line behind (before printing output). */
export function moveBelowSequence(promptLen: number, textLen: number, offset: number, cols: number) {
  const end = promptLen + textLen;
  const down = Math.floor(end / cols) - Math.floor(offset / cols);
  const move = down > 0 ? `\x1b[${down}B` : '';
  // After a forced wrap the cursor already sits on a fresh row.
  return move + (end > 0 && end % cols === 0 ? '\r' : '\r\n');
}

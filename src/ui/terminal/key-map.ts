/** Translates xterm's onData strings into line-editing actions. */
export type KeyAction =
  | 'enter'
  | 'backspace'
  | 'delete'
  | 'left'
  | 'right'
  | 'home'
  | 'end'
  | 'up'
  | 'down'
  | 'kill-start'
  | 'kill-end'
  | 'kill-word'
  | 'interrupt'
  | 'clear'
  | 'complete'
  | 'eof'
  | 'ignore';

const keys: Record<string, KeyAction> = {
  '\r': 'enter',
  '\x7f': 'backspace',
  '\b': 'backspace',
  '\x1b[3~': 'delete',
  '\x1b[D': 'left',
  '\x1bOD': 'left',
  '\x02': 'left',
  '\x1b[C': 'right',
  '\x1bOC': 'right',
  '\x06': 'right',
  '\x1b[A': 'up',
  '\x1bOA': 'up',
  '\x10': 'up',
  '\x1b[B': 'down',
  '\x1bOB': 'down',
  '\x0e': 'down',
  '\x1b[H': 'home',
  '\x1bOH': 'home',
  '\x1b[1~': 'home',
  '\x01': 'home',
  '\x1b[F': 'end',
  '\x1bOF': 'end',
  '\x1b[4~': 'end',
  '\x05': 'end',
  '\x15': 'kill-start',
  '\x0b': 'kill-end',
  '\x17': 'kill-word',
  '\x03': 'interrupt',
  '\x0c': 'clear',
  '\t': 'complete',
  '\x04': 'eof',
};

export function keyAction(data: string): KeyAction | null {
  const action = keys[data];
  if (action) return action;
  // Other escape sequences and control characters (F-keys, Alt-x...) are ignored, not inserted.
  if (data.startsWith('\x1b') || (data.length === 1 && data < ' ')) return 'ignore';
  return null;
}

/** Splits pasted text into lines; xterm turns pasted newlines into "\r", others may send "\n". */
export function pasteLines(data: string): string[] {
  return data.split(/\r\n|\r|\n/);
}

/**
 * How bash (cmdhist on, lithist off) saves a command typed over several lines: one history entry,
 * the lines joined with `; ` — or a space after words and operators that a `;` may not follow
 * (`do`, `then`, `|`, …) — so Up brings back `for i in 1 2; do echo $i; done` on one line.
 * Newlines inside quotes and here-documents are kept; a backslash-newline disappears.
 */
import { LexError, lex } from './lexer';

/** After these, bash joins with a space: `while true; do` + `sleep 1` → `while true; do sleep 1`. */
const NO_SEMICOLON_AFTER = /(?:^|[\s;&|(])(?:do|then|else|elif|if|while|until|in|\{|!)$|(?:\||&&|\|\||;|&|\(|;;|;&)$/;

function insideQuoteOrHeredoc(text: string): boolean {
  try {
    lex(text);
    return false;
  } catch (e) {
    return e instanceof LexError && /matching|here-document/.test(e.message);
  }
}

export function historyEntry(lines: string[]): string {
  let text = '';
  for (const line of lines) {
    if (text === '') {
      text = line;
      continue;
    }
    if (/(^|[^\\])(\\\\)*\\$/.test(text) && !insideQuoteOrHeredoc(text.slice(0, -1))) {
      text = text.slice(0, -1) + line;
      continue;
    }
    if (insideQuoteOrHeredoc(text)) {
      text += '\n' + line;
      continue;
    }
    if (line.trim() === '') continue;
    const prev = text.trimEnd();
    // A case pattern's `)` is followed by its commands, not by `;`.
    const casePattern = /\)$/.test(prev) && /(^|[\s;])case\s/.test(text);
    text = prev + (NO_SEMICOLON_AFTER.test(prev) || casePattern ? ' ' : '; ') + line.trimStart();
  }
  return text;
}

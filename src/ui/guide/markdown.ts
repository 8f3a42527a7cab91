/**
 * Lab markdown to safe HTML. Shell code blocks become one clickable line per command; the guide
 * listens for clicks on `[data-cmd]` and types the command into the active terminal.
 */
import { Marked, type Tokens } from 'marked';
import DOMPurify from 'dompurify';

const RUNNABLE = new Set(['', 'bash', 'sh', 'shell', 'console', 'sh-session']);

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `$ kubectl get nodes` -> `kubectl get nodes`; comment lines are not commands. */
export function commandOf(line: string): string | null {
  const t = line.trim().replace(/^\$\s+/, '');
  if (t === '' || t.startsWith('#')) return null;
  return t;
}

const marked = new Marked({
  gfm: true,
  renderer: {
    code(token: Tokens.Code): string {
      const lang = (token.lang ?? '').trim().split(/\s+/)[0] ?? '';
      if (!RUNNABLE.has(lang)) {
        return `<pre class="code"><code>${escapeHtml(token.text)}</code></pre>\n`;
      }
      const lines = token.text.split('\n').map((line) => {
        const cmd = commandOf(line);
        if (cmd === null) return `<span class="comment">${escapeHtml(line)}</span>`;
        return `<span class="cmd" role="button" tabindex="0" data-cmd="${escapeHtml(cmd)}">${escapeHtml(line)}</span>`;
      });
      return `<pre class="code runnable"><code>${lines.join('\n')}</code></pre>\n`;
    },
  },
});

export function renderMarkdown(md: string): string {
  const html = marked.parse(md, { async: false });
  return DOMPurify.sanitize(html, { ADD_ATTR: ['data-cmd', 'tabindex', 'role'] });
}

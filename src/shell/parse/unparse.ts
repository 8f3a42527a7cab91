/** A parsed command back as text, the way `jobs` shows it (`sleep 30 &`, `tcpdump -i eth0 | grep x`). */
import type { WordPart } from './lexer';
import type { AndOr, Pipeline, Redirect, SimpleCommand } from './parser';

function word(parts: WordPart[]): string {
  return parts.map((p) => (p.quote === 'single' ? `'${p.text}'` : p.quote === 'double' ? `"${p.text}"` : p.text)).join('');
}

function redirect(r: Redirect): string {
  if (r.op === '<<') return '<< EOF';
  if (r.op === '>&') return r.fd === 2 ? '2>&1' : `>&${r.dupFd}`;
  return `${r.fd === 2 ? '2' : ''}${r.op} ${word(r.target ?? [])}`;
}

function simple(c: SimpleCommand): string {
  return [...c.assignments.map((a) => `${a.name}=${word(a.value)}`), ...c.words.map(word), ...c.redirects.map(redirect)].join(' ');
}

function pipeline(p: Pipeline): string {
  return (p.negate ? '! ' : '') + p.commands.map(simple).join(' | ');
}

export function andOrText(item: AndOr): string {
  return [pipeline(item.first), ...item.rest.map((r) => `${r.op} ${pipeline(r.pipeline)}`)].join(' ');
}

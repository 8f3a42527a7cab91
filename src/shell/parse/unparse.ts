/**
 * A parsed command back as text, the way `jobs` shows it (`sleep 30 &`, `tcpdump -i eth0 | grep x`).
 * Loops and `if` come out in bash's own layout (`while true; do\n    sleep 1;\ndone`), as
 * bash 5.2's `jobs` prints them; groups and subshells stay on one line.
 */
import type { WordPart } from './lexer';
import type { AndOr, Command, CondExpr, FunctionDef, Pipeline, Redirect } from './parser';

function word(parts: WordPart[]): string {
  return parts.map((p) => (p.quote === 'single' ? `'${p.text}'` : p.quote === 'double' ? `"${p.text}"` : p.text)).join('');
}

function redirect(r: Redirect): string {
  if (r.op === '<<') return '<< EOF';
  if (r.op === '>&') return r.fd === 2 ? '2>&1' : `>&${r.dupFd}`;
  return `${r.fd === 2 ? '2' : ''}${r.op} ${word(r.target ?? [])}`;
}

/** A body on lines of its own, each command indented and ended with `;`. */
function block(list: AndOr[], indent: string): string {
  return list.map((item) => `${indent}    ${andOrText(item, indent + '    ')}${item.background ? '' : ';'}`).join('\n');
}

function inline(list: AndOr[]): string {
  return list.map((item) => andOrText(item) + (item.background ? '' : ';')).join(' ');
}

function cond(e: CondExpr): string {
  switch (e.op) {
    case '&&':
    case '||':
      return `${cond(e.left)} ${e.op} ${cond(e.right)}`;
    case '!':
      return `! ${cond(e.arg)}`;
    case 'unary':
      return `${e.test} ${word(e.arg)}`;
    case 'binary':
      return `${word(e.left)} ${e.test} ${word(e.right)}`;
    default:
      return word(e.arg);
  }
}

function command(c: Command, indent: string): string {
  const redirs = c.redirects.map((r) => ' ' + redirect(r)).join('');
  switch (c.kind) {
    case 'simple':
      return [...c.assignments.map((a) => `${a.name}=${word(a.value)}`), ...c.words.map(word), ...c.redirects.map(redirect)].join(' ');
    case 'for':
      return `for ${c.name}${c.words ? ` in ${c.words.map(word).join(' ')}` : ''};\n${indent}do\n${block(c.body, indent)}\n${indent}done${redirs}`;
    case 'while':
    case 'until':
      return `${c.kind} ${inline(c.cond)} do\n${block(c.body, indent)}\n${indent}done${redirs}`;
    case 'if': {
      const parts = c.branches.map((b, i) => `${i ? `${indent}elif` : 'if'} ${inline(b.cond)} then\n${block(b.body, indent)}`);
      if (c.otherwise) parts.push(`${indent}else\n${block(c.otherwise, indent)}`);
      return `${parts.join('\n')}\n${indent}fi${redirs}`;
    }
    case 'case':
      return `case ${word(c.word)} in \n${c.items.map((it) => `${indent}    ${it.patterns.map(word).join(' | ')})\n${block(it.body, indent + '    ')}\n${indent}    ${it.next}`).join('\n')}\n${indent}esac${redirs}`;
    case 'subshell':
      return `( ${c.body.map((item) => andOrText(item)).join('; ')} )${redirs}`;
    case 'group':
      return `{ ${inline(c.body)} }${redirs}`;
    case 'cond':
      return `[[ ${c.expr ? cond(c.expr) : ''} ]]${redirs}`;
    case 'arith':
      return `(( ${c.expr.trim()} ))${redirs}`;
    case 'cfor':
      return `for ((${c.init.trim()}; ${c.test.trim()}; ${c.step.trim()}))\n${indent}do\n${block(c.body, indent)}\n${indent}done${redirs}`;
    case 'function':
      return functionText(c, indent);
  }
}

/**
 * A function as `type f` and `declare -f` print it: `f () `, the body in braces, one command a
 * line with `;` after all but the last (bash 5.2's layout, trailing blanks included).
 */
export function functionText(fn: FunctionDef, indent = ''): string {
  const items = fn.body.kind === 'group' && !fn.body.redirects.length ? fn.body.body : [{ first: { negate: false, commands: [fn.body] }, rest: [], background: false, text: '' }];
  const lines = items.map((item) => `${indent}    ${andOrText(item, indent + '    ')}${item.background ? ' &' : ''}`);
  return `${fn.name} () \n${indent}{ \n${lines.join(';\n')}\n${indent}}`;
}

function pipeline(p: Pipeline, indent: string): string {
  return (p.negate ? '! ' : '') + p.commands.map((c) => command(c, indent)).join(' | ');
}

export function andOrText(item: AndOr, indent = ''): string {
  return [pipeline(item.first, indent), ...item.rest.map((r) => `${r.op} ${pipeline(r.pipeline, indent)}`)].join(' ') + (item.background && indent ? ' &' : '');
}

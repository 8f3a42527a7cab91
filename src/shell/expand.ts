/** Word expansion as bash does it for simple words: parameters, `$(...)`, `$((…))`, `~`, then globs. */
import type { WordPart } from './parse/lexer';
import type { FsState } from '../emulator/fs';
import { fsList, fsResolve } from '../emulator/fs';
import { arithEval } from './arith';
import { closingParen } from './parse/lexer';

export interface ExpandEnv {
  vars: Record<string, string>;
  lastStatus: number;
  cwd: string;
  fs: FsState;
  /** Runs `$(...)`; returns its stdout. */
  substitute(command: string): Promise<string>;
  /** No field splitting or globbing: assignments, `case` words, `[[ ]]` operands. */
  noSplit?: boolean;
  /** Where expansion errors are reported (`$((1/0))`). */
  err?: (text: string) => void;
  /** Names in a directory for globbing, when not only the node's files are listed (/proc). */
  list?: (dir: string) => string[] | string | null;
  /** `$1`, `$2`, … (a function's arguments, `set --`). */
  positional?: string[];
}

/** Between the fields of `"$@"` while a word is expanded; expandWord splits there. */
const FIELD_BREAK = '\uE000';
/** Where `"$@"` with no arguments stood: it makes no field, even in quotes. */
const NO_FIELDS = '\uE001';

/** `$0`-`$9`, `$#`, `$@`, `$*` and the other one-character parameters; undefined when not one. */
function specialParam(name: string, env: ExpandEnv, quoted: boolean): string | undefined {
  const args = env.positional ?? [];
  if (name === '0') return '-bash';
  if (/^[1-9][0-9]*$/.test(name)) return args[Number(name) - 1] ?? '';
  if (name === '#') return String(args.length);
  if (name === '@') return quoted ? (args.length ? args.join(FIELD_BREAK) : NO_FIELDS) : args.join(' ');
  if (name === '*') return args.join(quoted ? (env.vars.IFS ?? ' ')[0] ?? '' : ' ');
  if (name === '?') return String(env.lastStatus);
  if (name === '$') return '4127';
  if (name === '!') return env.vars['!'] ?? '';
  return undefined;
}

/** Expand `$VAR`, `${VAR}`, `$?`, `$$`, `$1`, `$@`, `$(cmd)` inside text (`quoted`: within "…"). */
async function expandParams(text: string, env: ExpandEnv, quoted = false): Promise<string> {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && text[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    if (c !== '$') {
      out += c;
      continue;
    }
    const rest = text.slice(i + 1);
    let m: RegExpExecArray | null;
    if (rest.startsWith('((')) {
      // `$(( expr ))`: the expression gets parameter expansion first, then arithmetic (ArithError).
      let depth = 0;
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === '(') depth++;
        else if (text[j] === ')' && --depth === 0) break;
      }
      const inner = text.slice(i + 3, j - 1);
      out += String(arithEval(await expandParams(inner, env), env.vars));
      i = j;
    } else if (rest.startsWith('(')) {
      let j = closingParen(text, i + 1);
      if (j < 0) j = text.length;
      out += (await env.substitute(text.slice(i + 2, j))).replace(/\n+$/, '');
      i = j;
    } else if ((m = /^\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(rest))) {
      out += env.vars[m[1]] ?? '';
      i += m[0].length;
    } else if ((m = /^\{([0-9]+|[@*#])\}/.exec(rest))) {
      out += specialParam(m[1], env, quoted);
      i += m[0].length;
    } else if ((m = /^\{(#?)([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?#$!@*])([^}]*)\}/.exec(rest))) {
      out += await paramOperator(m[1] === '#', m[2], m[3], env);
      i += m[0].length;
    } else if ((m = /^[0-9#@*]/.exec(rest))) {
      out += specialParam(m[0], env, quoted);
      i++;
    } else if ((m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest))) {
      out += env.vars[m[0]] ?? '';
      i += m[0].length;
    } else if (rest.startsWith('?')) {
      out += String(env.lastStatus);
      i++;
    } else if (rest.startsWith('!')) {
      out += env.vars['!'] ?? '';
      i++;
    } else if (rest.startsWith('$')) {
      out += '4127';
      i++;
    } else out += '$';
  }
  return out;
}

/** A glob (`*`, `?`, `[…]`) as a regular-expression source, for `${v#pat}` and friends. */
function globSource(pat: string, greedy: boolean): string {
  let re = '';
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i];
    if (c === '*') re += greedy ? '[\\s\\S]*' : '[\\s\\S]*?';
    else if (c === '?') re += '[\\s\\S]';
    else if (c === '\\' && i + 1 < pat.length) re += pat[++i].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return re;
}

/**
 * `${#v}`, `${v:-w}`, `${v:=w}`, `${v:+w}`, `${v#p}`, `${v##p}`, `${v%p}`, `${v%%p}`, `${v/p/r}`,
 * `${v//p/r}`, `${v:off:len}`: the parameter operators scripts use on names and paths.
 */
async function paramOperator(length: boolean, name: string, op: string, env: ExpandEnv): Promise<string> {
  const special = specialParam(name, env, false);
  const set = /^[1-9][0-9]*$/.test(name) ? Number(name) <= (env.positional ?? []).length : special !== undefined || name in env.vars;
  const value = special ?? env.vars[name] ?? '';
  if (length) return op === '' ? String([...value].length) : '';
  let m: RegExpExecArray | null;
  if ((m = /^(:?)([-=+?])([\s\S]*)$/.exec(op))) {
    const useAlt = m[1] ? value !== '' : set;
    const word = await expandParams(m[3], env);
    if (m[2] === '+') return useAlt ? word : '';
    if (useAlt) return value;
    if (m[2] === '=') env.vars[name] = word;
    return word;
  }
  if ((m = /^(##?|%%?)([\s\S]*)$/.exec(op))) {
    const pat = globSource(await expandParams(m[2], env), m[1].length === 2);
    const re = m[1][0] === '#' ? new RegExp('^' + pat) : new RegExp(pat + '$');
    if (m[1][0] === '#') return value.replace(re, '');
    // Suffixes: the shortest match is the one starting latest.
    if (m[1] === '%') {
      for (let k = value.length; k >= 0; k--) if (new RegExp('^' + pat + '$').test(value.slice(k))) return value.slice(0, k);
      return value;
    }
    for (let k = 0; k <= value.length; k++) if (new RegExp('^' + pat + '$').test(value.slice(k))) return value.slice(0, k);
    return value;
  }
  if ((m = /^\/(\/?)([^/]*)(?:\/([\s\S]*))?$/.exec(op))) {
    const pat = await expandParams(m[2], env);
    if (pat === '') return value;
    const rep = await expandParams(m[3] ?? '', env);
    const re = new RegExp(globSource(pat, true), m[1] ? 'g' : '');
    return value.replace(re, () => rep);
  }
  if ((m = /^:\s*(-?\d+)(?::(\d+))?$/.exec(op))) {
    const off = Number(m[1]);
    const start = off < 0 ? Math.max(0, value.length + off) : off;
    return m[2] === undefined ? value.slice(start) : value.slice(start, start + Number(m[2]));
  }
  if (op === '') return value;
  throw new BadSubstitution(`\${${length ? '#' : ''}${name}${op}}: bad substitution`);
}

/** `${x!y}` and other operators bash does not know: the command does not run. */
export class BadSubstitution extends Error {}

/** Expand one word into zero or more fields (unquoted expansions split on whitespace). */
export async function expandWord(parts: WordPart[], env: ExpandEnv): Promise<string[]> {
  const fields: string[] = [];
  let cur = '';
  let hasQuoted = false;
  let globbable = false;
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k];
    if (p.quote === 'single') {
      cur += p.text;
      hasQuoted = true;
    } else if (p.quote === 'double') {
      const text = await expandParams(p.text, env, true);
      // "$@": one field per argument; with none, no field at all unless other text is quoted.
      const pieces = text.replace(NO_FIELDS, '').split(FIELD_BREAK);
      if (text !== NO_FIELDS) hasQuoted = true;
      pieces.forEach((piece, idx) => {
        if (idx > 0) {
          fields.push(cur);
          cur = '';
        }
        cur += piece;
      });
    } else {
      let text = p.text;
      if (k === 0 && (text === '~' || text.startsWith('~/'))) text = (env.vars.HOME ?? '/root') + text.slice(1);
      const expanded = await expandParams(text, env);
      if (/[*?]/.test(text) && !env.noSplit) globbable = true;
      const pieces = expanded === text || env.noSplit ? [expanded] : expanded.split(/[ \t\n]+/);
      pieces.forEach((piece, idx) => {
        if (idx > 0) {
          if (cur !== '' || hasQuoted) fields.push(cur);
          cur = '';
          hasQuoted = false;
        }
        cur += piece;
      });
    }
  }
  if (cur !== '' || hasQuoted) fields.push(cur);
  if (!globbable) return fields;
  return fields.flatMap((f) => glob(f, env));
}

/**
 * Pathname expansion of `*` and `?` in any component (a `cali*` directory, then `proxy_arp` in each):
 * each globbed component is matched against its directory's names, in order; no match leaves the
 * word as typed. `env.list` lets directories that are not files (the node's /proc) be listed.
 */
function glob(pattern: string, env: ExpandEnv): string[] {
  if (!/[*?]/.test(pattern) || pattern.endsWith('/')) return [pattern];
  const list = env.list ?? ((dir: string) => fsList(env.fs, dir));
  const absolute = pattern.startsWith('/');
  const parts = pattern.split('/').filter((p, i) => p !== '' || i === 0);
  // Each candidate: the text as it will be printed, and the directory it names.
  let found: { text: string; path: string }[] = [{ text: '', path: absolute ? '/' : fsResolve(env.cwd, '.') }];
  const comps = absolute ? parts.slice(1) : parts;
  comps.forEach((comp, i) => {
    const last = i === comps.length - 1;
    const next: { text: string; path: string }[] = [];
    for (const f of found) {
      const prefix = f.text === '' && !absolute ? '' : f.text + '/';
      const childPath = (name: string) => (f.path === '/' ? `/${name}` : `${f.path}/${name}`);
      if (!/[*?]/.test(comp)) {
        next.push({ text: prefix + comp, path: childPath(comp) });
        continue;
      }
      const names = list(f.path);
      if (!Array.isArray(names)) continue;
      const re = new RegExp('^' + comp.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
      for (const n of names) if (re.test(n) && (comp.startsWith('.') || !n.startsWith('.'))) next.push({ text: prefix + n, path: childPath(n) });
    }
    // Literal components must exist too once a glob has been matched before them.
    found = last || /[*?]/.test(comp) ? next : next.filter((f) => Array.isArray(list(f.path)));
  });
  // A literal last component has to exist in its directory.
  const lastComp = comps[comps.length - 1] ?? '';
  if (!/[*?]/.test(lastComp)) {
    found = found.filter((f) => {
      const names = list(f.path.slice(0, f.path.lastIndexOf('/')) || '/');
      return Array.isArray(names) && names.includes(lastComp);
    });
  }
  return found.length ? found.map((f) => (absolute ? f.text || '/' : f.text)) : [pattern];
}

/**
 * A `case` pattern or the right side of `[[ x == pattern ]]`, as a regular expression: unquoted
 * `*`, `?` and `[…]` match, quoted text is literal.
 */
export async function expandPattern(parts: WordPart[], env: ExpandEnv): Promise<string> {
  let re = '';
  const literal = (t: string) => t.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  for (const p of parts) {
    if (p.quote !== 'none') {
      re += literal(p.quote === 'double' ? await expandParams(p.text, env) : p.text);
      continue;
    }
    const t = await expandParams(p.text, env);
    for (let i = 0; i < t.length; i++) {
      const c = t[i];
      if (c === '*') re += '[\\s\\S]*';
      else if (c === '?') re += '[\\s\\S]';
      else if (c === '\\' && i + 1 < t.length) re += literal(t[++i]);
      else if (c === '[') {
        const end = t.indexOf(']', i + 2);
        if (end < 0) re += '\\[';
        else {
          let cls = t.slice(i + 1, end);
          if (cls.startsWith('!')) cls = '^' + cls.slice(1);
          re += '[' + cls.replace(/\\/g, '\\\\') + ']';
          i = end;
        }
      } else re += literal(c);
    }
  }
  return re;
}

/** The right side of `=~`: unquoted text is an extended regular expression, quoted text literal. */
export async function expandRegex(parts: WordPart[], env: ExpandEnv): Promise<string> {
  let re = '';
  for (const p of parts) {
    const t = p.quote === 'single' ? p.text : await expandParams(p.text, env);
    re += p.quote === 'none' ? t : t.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return re;
}

export function patternMatch(pattern: string, subject: string): boolean {
  try {
    return new RegExp('^(?:' + pattern + ')$').test(subject);
  } catch {
    return false;
  }
}

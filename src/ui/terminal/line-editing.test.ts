import { describe, expect, it } from 'vitest';
import { HistoryCursor, LineBuffer } from './line-buffer';
import { redrawSequence } from './line-view';
import { commonPrefix, formatColumns } from './completion';
import { keyAction, pasteLines } from './key-map';

describe('line editing, as readline does it', () => {
  it('inserts at the cursor and deletes behind it', () => {
    const l = new LineBuffer();
    l.insert('kubectl get');
    l.home();
    l.right();
    l.backspace();
    expect(l.text).toBe('ubectl get');
    expect(l.cursor).toBe(0);
  });

  it('Ctrl-W removes the word before the cursor, trailing spaces included', () => {
    const l = new LineBuffer();
    l.insert('kubectl get nodes  ');
    l.killWordBack();
    expect(l.text).toBe('kubectl get ');
  });

  it('Ctrl-U and Ctrl-K kill either side of the cursor', () => {
    const l = new LineBuffer();
    l.set('ip route show', 3);
    l.killToEnd();
    expect(l.text).toBe('ip ');
    l.set('ip route show', 3);
    l.killToStart();
    expect(l.text).toBe('route show');
  });

  it('history keeps the line being typed as a draft below the newest entry', () => {
    const h = new HistoryCursor();
    h.reset(['a', 'b']);
    expect(h.up('draft')).toBe('b');
    expect(h.up('b')).toBe('a');
    expect(h.up('a')).toBeNull();
    expect(h.down()).toBe('b');
    expect(h.down()).toBe('draft');
    expect(h.down()).toBeNull();
  });
});

describe('terminal input', () => {
  it('maps arrows and control keys, and ignores unknown escapes', () => {
    expect(keyAction('\x1b[A')).toBe('up');
    expect(keyAction('\x03')).toBe('interrupt');
    expect(keyAction('\x1b[15~')).toBe('ignore');
    expect(keyAction('a')).toBeNull();
  });

  it('splits a pasted block into lines whatever the line ends', () => {
    expect(pasteLines('a\rb\r\nc\n')).toEqual(['a', 'b', 'c', '']);
  });
});

describe('completion helpers', () => {
  it('finds the shared prefix of candidates', () => {
    expect(commonPrefix(['hostname', 'hostnamectl'])).toBe('hostname');
    expect(commonPrefix(['ip', 'iptables', 'ipset'])).toBe('ip');
  });

  it('lays candidates out in columns like bash', () => {
    expect(formatColumns(['aa', 'bb', 'cc'], 8)).toBe('aa  cc\r\nbb');
  });
});

describe('redrawing a wrapped line', () => {
  it('moves up to the prompt row before rewriting', () => {
    const { seq, offset } = redrawSequence('$ ', 'abcdefgh', 8, 10, 5);
    expect(seq.startsWith('\x1b[2A\r$ abcdefgh ')).toBe(true);
    expect(offset).toBe(10);
  });
});

import { describe, it, expect } from 'vitest';
import { posixToJs } from './regex';

describe('POSIX regex translation', () => {
  it.each([
    ['a\\(b\\)\\{2\\}', false, 'a(b){2}'],
    ['a(b)+?|c', false, 'a\\(b\\)\\+\\?\\|c'],
    ['a\\+b\\?', false, 'a+b?'],
    ['x\\|y', false, 'x|y'],
    ['(a|b)+', true, '(a|b)+'],
    ['*a', false, '\\*a'],
    ['[[:digit:]]\\{1,3\\}', false, '[0-9]{1,3}'],
    ['[]a]', false, '[\\]a]'],
    ['10.244.0.0/16', false, '10.244.0.0\\/16'],
    ['a$b$', false, 'a\\$b$'],
  ])('translates %s (ERE: %s) to %s', (re, ere, js) => {
    expect(posixToJs(re, ere)).toBe(js);
  });

  it('keeps \\< and \\> as word boundaries', () => {
    expect(new RegExp(posixToJs('\\<cal', false)).test('a calico')).toBe(true);
    expect(new RegExp(posixToJs('\\<ali', false)).test('calico')).toBe(false);
  });
});

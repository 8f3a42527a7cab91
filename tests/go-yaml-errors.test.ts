/**
 * go-yaml's syntax errors, as kubectl and calicoctl print them after `error converting YAML to JSON: yaml: `.
 * Every expected text below is what go-yaml v2.4.0 itself returned through sigs.k8s.io/yaml 1.3.0
 * (the pair kubectl 1.28 vendors; calicoctl 3.26's go-yaml-wrapper reads YAML with the same go-yaml)
 * for the text beside it, run once on Debian 12's golang-gopkg-yaml.v2-dev and golang-k8s-sigs-yaml-dev;
 * Go is not needed to run this test. `null`: go-yaml reads the text without complaint.
 */
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { calicoctlDocuments, goYamlError, goYamlProblem, kubectlDocuments } from '../src/emulator/go-yaml-errors';

const CASES: [name: string, text: string, go: string | null][] = [
  ["indentMore", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n    labels: x\n", "line 5: mapping values are not allowed in this context"],
  ["indentMoreTop", "a: b\n  c: d\n", "line 2: mapping values are not allowed in this context"],
  ["indentLessNested", "spec:\n    cidr: 10.0.0.0/16\n  ipipMode: Always\n", "line 2: did not find expected key"],
  ["indentLessNested2", "apiVersion: v1\nkind: Pod\nmetadata:\n    name: a\n  namespace: b\nspec: {}\n", "line 4: did not find expected key"],
  ["tabIndent", "spec:\n\tcidr: 10.0.0.0/16\n", "line 2: found character that cannot start any token"],
  ["tabIndent2", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n\tnamespace: b\n", "line 5: found a tab character that violates indentation"],
  ["tabAfterValue", "a: b\t\nc: d\n", null],
  ["missingSpace", "spec:\n  cidr:10.0.0.0/16\n  ipipMode: Always\n", "line 3: mapping values are not allowed in this context"],
  ["missingSpaceLast", "spec:\n  ipipMode: Always\n  cidr:10.0.0.0/16\n", "line 4: could not find expected ':'"],
  ["missingSpaceTop", "apiVersion:v1\nkind: Pod\n", "line 2: mapping values are not allowed in this context"],
  ["missingSpaceTop2", "apiVersion: v1\nkind:Pod\nmetadata:\n  name: a\n", "line 3: could not find expected ':'"],
  ["unclosedDouble", "metadata:\n  name: \"abc\nspec:\n  x: 1\n", "line 5: found unexpected end of stream"],
  ["unclosedSingle", "metadata:\n  name: 'abc\nspec:\n  x: 1\n", "line 5: found unexpected end of stream"],
  ["unclosedBracket", "spec:\n  args: [a, b\n  x: 1\n", "line 2: did not find expected ',' or ']'"],
  ["unclosedBracketEnd", "spec:\n  args: [a, b\n", "line 2: did not find expected ',' or ']'"],
  ["unclosedBrace", "spec:\n  sel: {a: b\n  x: 1\n", "line 2: did not find expected ',' or '}'"],
  ["dupKey", "apiVersion: v1\nkind: Pod\nkind: Service\n", null],
  ["listInMap", "metadata:\n  name: a\n- b\n", "line 2: did not find expected key"],
  ["listInMap2", "metadata:\n  name: a\n  - b\n", "line 2: did not find expected key"],
  ["mapInList", "items:\n- a\nb: c\n", null],
  ["flowSeqIndent", "spec:\n  ports:\n  - 80\n [x]\n", "line 3: did not find expected key"],
  ["noValueColon", "a: b: c\n", "mapping values are not allowed in this context"],
  ["missingColon", "apiVersion: v1\nkind Pod\nmetadata:\n  name: a\n", "line 3: could not find expected ':'"],
  ["missingColonNested", "metadata:\n  name a\n  namespace: b\n", "line 3: mapping values are not allowed in this context"],
  ["aliasUndefined", "a: *x\n", "unknown anchor 'x' referenced"],
  ["badDash", "spec:\n  -a\n  b: c\n", "line 3: mapping values are not allowed in this context"],
  ["trailingQuote", "a: \"b\" c\n", "did not find expected key"],
  ["unclosedDoubleEnd", "a: \"b\n", "line 2: found unexpected end of stream"],
  ["percent", "a: %x\n", "found character that cannot start any token"],
  ["at", "a: @x\n", "found character that cannot start any token"],
  ["backtick", "a: `x\n", "found character that cannot start any token"],
  ["questionKey", "a:\n  - b\n   c: d\n", "line 3: mapping values are not allowed in this context"],
  ["flowSeqInBlock", "spec:\n  ports:\n- [80\n", "line 2: did not find expected key"],
  ["seqDedent", "spec:\n  containers:\n    - name: a\n   image: b\n", "line 3: did not find expected key"],
  ["badSeqIndent", "containers:\n  - name: a\n     image: b\n", "line 3: mapping values are not allowed in this context"],
  ["seqItemDeeper", "containers:\n  - name: a\n    image: b\n      ports: 1\n", "line 4: mapping values are not allowed in this context"],
  ["colonInValue", "a: b:c\n", null],
  ["colonSpaceInValue", "image: nginx: latest\n", "mapping values are not allowed in this context"],
  ["crlf", "a: b\r\n  c: d\r\n", "line 2: mapping values are not allowed in this context"],
  ["valueNoKey", "a:\n  : b\n", "line 1: did not find expected key"],
  ["flowColon", "a: [b:c]\n", null],
  ["flowColon2", "a: {b:c}\n", null],
  ["flowUrl", "a: [http://x]\n", null],
  ["emptyValueBlock", "a:\nb: c\n", null],
  ["docIndicatorInQuote", "a: \"x\n---\n\"\n", "line 2: found unexpected document indicator"],
  ["badEscape", "a: \"\\q\"\n", "found unknown escape character"],
  ["anchorEmpty", "a: & x\n", "did not find expected alphabetic or numeric character"],
  ["blockScalarTab", "a: |\n  x\n\ty\n", "line 3: found a tab character where an indentation space is expected"],
  ["blockScalarOk", "a: |\n  x\n  y\nb: c\n", null],
  ["blockSeqInline", "a: - b\n", "block sequence entries are not allowed in this context"],
  ["keyAfterSeq", "a:\n- b\n c: d\n", "line 3: mapping values are not allowed in this context"],
  ["seqThenMapDedent", "a:\n  - b\n c: d\n", "line 2: did not find expected key"],
  ["deepIndentErr", "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: p\nspec:\n  cidr: 10.0.0.0/16\n   ipipMode: Always\n", "line 7: mapping values are not allowed in this context"],
  ["nodeContent", "a: !!str\nb: [c, ]\n", null],
  ["nodeContent2", "a: [, b]\n", "did not find expected node content"],
  ["nodeContent3", "a: {, b}\n", "did not find expected node content"],
  ["nodeContent4", "- a\n- ]\n", "line 1: did not find expected node content"],
  ["unclosedNoNL", "a: [b", "line 1: did not find expected ',' or ']'"],
  ["missingSpaceNoNL", "spec:\n  a: b\n  cidr:x", "line 4: could not find expected ':'"],
  ["tabAfterKey", "a:\tb\n", null],
  ["tabBeforeColon", "a\t: b\n", null],
  ["tabInSeq", "a:\n-\tb\n", "line 2: found character that cannot start any token"],
  ["tabIndentSeq", "a:\n\t- b\n", "line 2: found character that cannot start any token"],
  ["dashNoSpace", "items:\n-a\n-b\n", "line 3: could not find expected ':'"],
  ["comment", "a: b #c\nd: e#f\n", null],
  ["hashNoSpace", "a: b#c\n  d: e\n", "line 2: mapping values are not allowed in this context"],
  ["multiDoc", "a: b\n---\nc: d\n", null],
  ["dupKeyNested", "spec:\n  cidr: a\n  cidr: b\n", null],
  ["quoteKey", "\"a: b\nc: d\n", "line 3: found unexpected end of stream"],
  ["bigSimpleKey", 'a' + 'x'.repeat(1100) + ': b\n', "mapping values are not allowed in this context"],
];

describe('go-yaml v2 syntax errors', () => {
  it.each(CASES)('%s', (_name, text, go) => {
    expect(goYamlError(text)).toBe(go);
  });

  it('every malformed case the yaml package also rejects gets go-yaml\'s text, not the package\'s', () => {
    for (const [, text, go] of CASES) {
      const problems = parseAllDocuments(text, { uniqueKeys: false }).flatMap((d) => d.errors);
      if (go && problems.length) expect(goYamlProblem(text, problems)).toBe(go);
    }
  });

  it('a problem our walk misses still reads like go-yaml, with go-yaml\'s rule for line 1', () => {
    expect(goYamlProblem('a: b\n', [{ code: 'BLOCK_AS_IMPLICIT_KEY', linePos: [{ line: 3, col: 1 }] }])).toBe('line 3: mapping values are not allowed in this context');
    expect(goYamlProblem('a: b\n', [{ code: 'TAB_AS_INDENT', linePos: [{ line: 1, col: 1 }] }])).toBe('found character that cannot start any token');
  });
});

describe('document splitting', () => {
  it('kubectl ends a document at a `---` line with nothing but blanks or a comment after it', () => {
    expect(kubectlDocuments('a: 1\n---\nb: 2\n--- # two\nc: 3\n---x\n')).toEqual(['a: 1', 'b: 2', 'c: 3\n---x\n']);
  });

  it('calicoctl splits at every `\\n---` whatever follows on that line, and not on the first line', () => {
    expect(calicoctlDocuments('---\na: 1\n---x\nb: 2\n')).toEqual(['---\na: 1', 'b: 2\n']);
    expect(calicoctlDocuments('a: 1\n---')).toEqual(['a: 1']);
  });
});

import { describe, it, expect } from 'vitest';
import { calicoctlTable, describeFormat, kubectlTable } from './table';
import { humanDuration } from './age';
import { kubectlList, toKubectlJson, toKubectlYaml } from './yaml-json';

describe('kubectl tables', () => {
  it('pads columns to the longest cell plus 3, at least 6, and leaves the last column unpadded', () => {
    expect(kubectlTable([['NAME', 'STATUS', 'AGE'], ['k8s-master01', 'Ready', '41m']])).toBe('NAME           STATUS   AGE\nk8s-master01   Ready    41m\n');
  });
  it('gives calicoctl tables trailing padding, min width 5 and a gap line', () => {
    expect(calicoctlTable([['NAME', 'CIDR', 'SELECTOR'], ['ippool-name1', '10.0.0.0/8', 'all()']])).toBe('NAME           CIDR         SELECTOR   \nippool-name1   10.0.0.0/8   all()      \n\n');
  });
  it('aligns describe blocks per run of tabbed lines, like tabwriter', () => {
    expect(describeFormat('Name:\tx\nCreationTimestamp:\ty\nConditions:\n  Type\tStatus\n  Ready \tTrue \n')).toBe('Name:               x\nCreationTimestamp:  y\nConditions:\n  Type    Status\n  Ready   True \n');
  });
});

describe('HumanDuration', () => {
  it.each([
    [-5_000, '<invalid>'], [-500, '0s'], [5_000, '5s'], [119_000, '119s'], [120_000, '2m'], [150_000, '2m30s'], [599_000, '9m59s'],
    [45 * 60_000, '45m'], [179 * 60_000, '179m'], [3 * 3_600_000, '3h'], [(5 * 60 + 12) * 60_000, '5h12m'], [30 * 3_600_000, '30h'],
    [48 * 3_600_000, '2d'], [(6 * 24 + 23) * 3_600_000, '6d23h'], [120 * 86_400_000, '120d'], [(2 * 365 + 3) * 86_400_000, '2y3d'], [9 * 365 * 86_400_000, '9y'],
  ])('prints %i ms as %s', (ms, text) => expect(humanDuration(ms)).toBe(text));
});

describe('-o yaml and -o json', () => {
  it('sorts keys, quotes timestamps and keeps sequences flush under their key', () => {
    const y = toKubectlYaml(kubectlList([{ apiVersion: 'v1', kind: 'X', metadata: { name: 'a', uid: 'u', resourceVersion: '7', creationTimestamp: '2024-05-06T05:58:00Z' }, spec: { b: ['x'], a: 1 } }]));
    expect(y).toBe('apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: X\n  metadata:\n    creationTimestamp: "2024-05-06T05:58:00Z"\n    name: a\n    resourceVersion: "7"\n    uid: u\n  spec:\n    a: 1\n    b:\n    - x\nkind: List\nmetadata:\n  resourceVersion: ""\n');
  });
  it('indents JSON by 4 spaces', () => {
    expect(toKubectlJson({ b: 1, a: [2] })).toBe('{\n    "a": [\n        2\n    ],\n    "b": 1\n}\n');
  });
});

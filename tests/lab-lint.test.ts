/** `npm run lab:lint` accepts the shipped labs and catches a malformed one with file and line. */
import { describe, it, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { labsLoadFromDir } from '../src/labs/load-node';
import { labLint } from '../src/labs/lint';
import { schemaCheck } from '../src/labs/lint-cli';

const labs = labsLoadFromDir(fileURLToPath(new URL('../labs', import.meta.url)));
const good = labs.find((l) => l.id === 'deploy-calico')!;

describe('lab lint', () => {
  it('accepts every shipped lab', () => {
    for (const lab of labs) expect(labLint(lab, schemaCheck())).toEqual([]);
  });

  it('names the line of a check on a node the scenario does not have', () => {
    const bad = { ...good, yaml: good.yaml.replace('route: { node: k8s-master01, dst: 10.244.0.0/24', 'route: { node: k8s-master09, dst: 10.244.0.0/24') };
    const problems = labLint(bad, schemaCheck());
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toBe('check blackhole: no node "k8s-master09" in scenario default');
    expect(bad.yaml.split('\n')[problems[0].line - 1]).toContain('id: blackhole');
  });

  it('reports an unknown predicate through the schema', () => {
    const bad = { ...good, yaml: good.yaml.replace('nodes: { ready: true }', 'nodez: { ready: true }') };
    const problems = labLint(bad, schemaCheck());
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0].file).toBe('labs/01-deploy-calico/lab.yaml');
  });

  it('reports a step without a section in a locale', () => {
    const bad = { ...good, texts: { ...good.texts, 'zh-CN': good.texts['zh-CN']!.replace('{#ippool}', '{#pool}') } };
    const messages = labLint(bad, schemaCheck()).map((p) => `${p.file}: ${p.message}`);
    expect(messages).toContain('labs/01-deploy-calico/zh-CN.md: no section "## … {#ippool}" for step ippool');
  });
});

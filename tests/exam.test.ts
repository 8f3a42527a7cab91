/** Exam mode: the bank is well-formed and bilingual, papers are drawn by seed, grading is exact. */
import { describe, it, expect } from 'vitest';
import { EXAM_BANK, EXAM_SCENARIO } from '../src/labs/exam-bank';
import { examDraw, examGrade, examHistoryAdd, examHistoryParse, examTimeLeft, type ExamQuestion } from '../src/labs/exam';
import { labSpecProblems } from '../src/labs/validate';
import { LabSession } from '../src/shell/lab-session';

const q = (id: string) => EXAM_BANK.find((x) => x.id === id)!;

describe('exam bank', () => {
  it('has about twenty questions of every type over every topic, in both languages', () => {
    expect(EXAM_BANK.length).toBeGreaterThanOrEqual(20);
    expect(new Set(EXAM_BANK.map((x) => x.type))).toEqual(new Set(['tf', 'single', 'multi', 'task']));
    expect(new Set(EXAM_BANK.map((x) => x.topic))).toEqual(new Set(['model', 'install', 'ipam', 'encap', 'bgp', 'policy', 'troubleshooting']));
    expect(new Set(EXAM_BANK.map((x) => x.id)).size).toBe(EXAM_BANK.length);
    for (const x of EXAM_BANK) {
      for (const text of [x.prompt, x.explanation, ...('options' in x ? x.options : [])]) {
        expect(typeof text === 'object' && text.en && text['zh-CN'], x.id).toBeTruthy();
      }
      if (x.type === 'single') expect(x.answer).toBeLessThan(x.options.length);
      if (x.type === 'multi') for (const i of x.answer) expect(i).toBeLessThan(x.options.length);
      if (x.type === 'task') {
        // The checks are lab checks: the lab validator accepts them.
        const problems = labSpecProblems({ id: 'x', title: 'x', scenario: EXAM_SCENARIO, steps: [{ id: 's', checks: x.checks }] });
        expect(problems, x.id).toEqual([]);
      }
    }
  });

  it('hands-on tasks are unmet on a fresh exam cluster and graded by their checks once done', async () => {
    const s = LabSession.create({ scenario: EXAM_SCENARIO, time: 'instant' });
    const tasks = EXAM_BANK.filter((x): x is ExamQuestion & { type: 'task' } => x.type === 'task');
    for (const t of tasks) expect(s.evaluateChecks(t.checks).some((p) => !p), t.id).toBe(true);
    const term = s.openTerminal();
    for (const line of [
      'ip route add 10.99.0.0/16 via 172.16.11.81',
      "printf 'apiVersion: crd.projectcalico.org/v1\\nkind: IPPool\\nmetadata:\\n  name: exam-pool\\nspec:\\n  cidr: 10.250.0.0/16\\n  ipipMode: Never\\n' > pool.yaml",
      'kubectl apply -f pool.yaml',
      'ssh k8s-node02 ip link set eth0 mtu 9000',
    ]) {
      const r = await s.exec(term, line, () => undefined);
      expect(r.exitCode, line).toBe(0);
    }
    for (const t of tasks) expect(s.evaluateChecks(t.checks).every(Boolean), t.id).toBe(true);
    expect(s.evaluateChecks([{ id: 'x', nosuch: {} }, { id: 'y', route: null } as never])).toEqual([false, false]);
  });
});

describe('exam grading', () => {
  const paper = { seed: 1, startedAt: 0, deadline: 60_000, questions: [q('model-vrouter'), q('model-felix'), q('model-components'), q('task-route')] };

  it('grades true/false, single and multi-select all or nothing, and tasks by their checks', () => {
    const all = examGrade(paper, { 'model-vrouter': true, 'model-felix': 1, 'model-components': [1, 0] }, { 'task-route': true });
    expect(all).toMatchObject({ earned: 5, max: 5, percent: 100, passed: true });
    const some = examGrade(paper, { 'model-vrouter': false, 'model-felix': 1, 'model-components': [0] }, {});
    expect(some.items.map((i) => i.correct)).toEqual([false, true, false, false]);
    expect(some).toMatchObject({ earned: 1, max: 5, percent: 20, passed: false });
    const extra = examGrade(paper, { 'model-components': [0, 1, 2] });
    expect(extra.items[2]).toMatchObject({ answered: true, correct: false });
  });

  it('treats malformed answers as unanswered, never throws', () => {
    const bad = examGrade(paper, { 'model-vrouter': 'yes', 'model-felix': 9, 'model-components': [] as number[], other: 1 } as Record<string, unknown>);
    expect(bad.items.map((i) => i.answered)).toEqual([false, false, false, false]);
    expect(bad.earned).toBe(0);
    expect(examGrade(paper, { 'model-felix': 1.5, 'model-components': ['0'] }).earned).toBe(0);
  });

  it('draws the same paper for the same seed, over several topics, with the tasks last', () => {
    const a = examDraw(EXAM_BANK, { seed: 7, count: 10, tasks: 2, minutes: 15, now: 1000 });
    const b = examDraw(EXAM_BANK, { seed: 7, count: 10, tasks: 2, minutes: 15, now: 1000 });
    expect(a.questions.map((x) => x.id)).toEqual(b.questions.map((x) => x.id));
    expect(a.questions).toHaveLength(10);
    expect(a.questions.slice(-2).every((x) => x.type === 'task')).toBe(true);
    expect(new Set(a.questions.map((x) => x.topic)).size).toBeGreaterThanOrEqual(6);
    expect(examDraw(EXAM_BANK, { seed: 8, count: 10, tasks: 2, minutes: 15, now: 0 }).questions.map((x) => x.id)).not.toEqual(a.questions.map((x) => x.id));
    expect(examTimeLeft(a, 1000 + 60_000)).toBe(14 * 60_000);
    expect(examTimeLeft(a, 1000 + 16 * 60_000)).toBe(0);
  });

  it('keeps a bounded history, newest first, dropping malformed entries', () => {
    let raw: string | null = null;
    for (let i = 0; i < 25; i++) raw = examHistoryAdd(raw, { at: i, earned: i, max: 30, percent: 50, seconds: 60 });
    const h = examHistoryParse(raw);
    expect(h).toHaveLength(20);
    expect(h[0].at).toBe(24);
    expect(examHistoryParse('{"not":"a list"}')).toEqual([]);
    expect(examHistoryParse('garbage')).toEqual([]);
    expect(examHistoryParse(JSON.stringify([{ at: 1 }, null, 3, { at: 1, earned: 1, max: 1, percent: 100, seconds: 5 }]))).toHaveLength(1);
  });
});

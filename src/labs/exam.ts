/**
 * Exam mode, the pure part: drawing a timed paper from the question bank, grading answers (tasks
 * by their lab checks' results), and the attempt history kept in localStorage (as a string here,
 * so Node tests run it). No DOM, no worker.
 */
import type { CheckSpec, Locale, Localised } from './types';

/** A text in the locale (this module stays free of the lab runtime: the page bundles it). */
export function localised(v: Localised, locale: Locale): string {
  return typeof v === 'string' ? v : (v[locale] ?? v.en ?? Object.values(v)[0] ?? '');
}

export type ExamTopic = 'model' | 'install' | 'ipam' | 'encap' | 'bgp' | 'policy' | 'troubleshooting';

interface Base {
  id: string;
  topic: ExamTopic;
  prompt: Localised;
  explanation: Localised;
  /** 1 unless given (tasks are worth 2). */
  points?: number;
}

export type ExamQuestion =
  | (Base & { type: 'tf'; answer: boolean })
  | (Base & { type: 'single'; options: Localised[]; answer: number })
  | (Base & { type: 'multi'; options: Localised[]; answer: number[] })
  /** Hands-on: done when every check passes on the exam's cluster. */
  | (Base & { type: 'task'; checks: CheckSpec[] });

/** What the student gave: true/false, an option index, a set of option indices. Tasks: nothing. */
export type ExamAnswer = boolean | number | number[];

export interface ExamPaper {
  seed: number;
  questions: ExamQuestion[];
  startedAt: number;
  /** Wall-clock ms at which answers stop counting. */
  deadline: number;
}

export interface ItemResult {
  id: string;
  answered: boolean;
  correct: boolean;
  earned: number;
  points: number;
}

export interface ExamScore {
  earned: number;
  max: number;
  percent: number;
  /** 70% or more. */
  passed: boolean;
  items: ItemResult[];
}

export const PASS_PERCENT = 70;

function mulberry32(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A paper of `count` questions (every task included up to `tasks`), spread over the topics round
 * robin and shuffled by `seed`: the same seed gives the same paper.
 */
export function examDraw(bank: ExamQuestion[], opts: { seed: number; count: number; tasks: number; minutes: number; now: number }): ExamPaper {
  const rand = mulberry32(opts.seed);
  const shuffle = <T>(a: T[]): T[] => {
    const b = a.slice();
    for (let i = b.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [b[i], b[j]] = [b[j], b[i]];
    }
    return b;
  };
  const tasks = shuffle(bank.filter((q) => q.type === 'task')).slice(0, opts.tasks);
  const byTopic = new Map<ExamTopic, ExamQuestion[]>();
  for (const q of shuffle(bank.filter((q) => q.type !== 'task'))) byTopic.set(q.topic, [...(byTopic.get(q.topic) ?? []), q]);
  const picked: ExamQuestion[] = [];
  const want = Math.max(0, opts.count - tasks.length);
  while (picked.length < want && [...byTopic.values()].some((l) => l.length)) {
    for (const list of byTopic.values()) if (list.length && picked.length < want) picked.push(list.shift()!);
  }
  return { seed: opts.seed, questions: [...shuffle(picked), ...tasks], startedAt: opts.now, deadline: opts.now + opts.minutes * 60_000 };
}

export function examTimeLeft(paper: ExamPaper, now: number): number {
  return Math.max(0, paper.deadline - now);
}

const pointsOf = (q: ExamQuestion) => q.points ?? (q.type === 'task' ? 2 : 1);

/** Whether an answer has the right shape for its question (a malformed one counts as unanswered). */
export function answerFits(q: ExamQuestion, a: unknown): a is ExamAnswer {
  if (q.type === 'tf') return typeof a === 'boolean';
  if (q.type === 'single') return Number.isInteger(a) && (a as number) >= 0 && (a as number) < q.options.length;
  if (q.type === 'multi') return Array.isArray(a) && a.every((i) => Number.isInteger(i) && i >= 0 && i < q.options.length);
  return false;
}

/**
 * Grades a paper: true/false and multiple choice all or nothing; multi-select exactly the right
 * set; tasks by whether all their checks passed (`tasks[id]`). Partial credit would reward guessing.
 */
export function examGrade(paper: ExamPaper, answers: Record<string, unknown>, tasks: Record<string, boolean> = {}): ExamScore {
  const items = paper.questions.map((q): ItemResult => {
    const points = pointsOf(q);
    let answered: boolean;
    let correct: boolean;
    if (q.type === 'task') {
      answered = correct = tasks[q.id] === true;
    } else {
      const a = answers[q.id];
      answered = answerFits(q, a) && !(q.type === 'multi' && (a as number[]).length === 0);
      if (!answered) correct = false;
      else if (q.type === 'multi') {
        const got = new Set(a as number[]);
        correct = got.size === q.answer.length && q.answer.every((i) => got.has(i));
      } else correct = a === q.answer;
    }
    return { id: q.id, answered, correct, earned: correct ? points : 0, points };
  });
  const earned = items.reduce((n, i) => n + i.earned, 0);
  const max = items.reduce((n, i) => n + i.points, 0);
  const percent = max ? Math.round((earned / max) * 100) : 0;
  return { earned, max, percent, passed: percent >= PASS_PERCENT, items };
}

/** The right answer as text, for the review. */
export function examAnswerText(q: ExamQuestion, locale: Locale): string {
  if (q.type === 'tf') return q.answer ? (locale === 'zh-CN' ? '正确' : 'True') : locale === 'zh-CN' ? '错误' : 'False';
  if (q.type === 'single') return localised(q.options[q.answer], locale);
  if (q.type === 'multi') return q.answer.map((i) => localised(q.options[i], locale)).join('; ');
  return localised(q.explanation, locale);
}

export interface ExamAttempt {
  /** Wall-clock ms when it was submitted. */
  at: number;
  earned: number;
  max: number;
  percent: number;
  /** Seconds taken. */
  seconds: number;
}

export const EXAM_HISTORY_KEY = 'calico-lab.exam-history';
const HISTORY_KEEP = 20;

/** The stored history, newest first; anything malformed is dropped, never thrown. */
export function examHistoryParse(raw: string | null): ExamAttempt[] {
  if (!raw) return [];
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(v)) return [];
  const num = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
  return v
    .filter((a): a is ExamAttempt => !!a && typeof a === 'object' && ['at', 'earned', 'max', 'percent', 'seconds'].every((k) => num((a as Record<string, unknown>)[k])))
    .slice(0, HISTORY_KEEP);
}

/** The history with one more attempt in front, as the string to store. */
export function examHistoryAdd(raw: string | null, attempt: ExamAttempt): string {
  return JSON.stringify([attempt, ...examHistoryParse(raw)].slice(0, HISTORY_KEEP));
}

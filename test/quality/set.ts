/** The labelled set in test/quality/data, as the quality test and the tuning scripts read it. */
import { readFileSync } from 'node:fs';
import type { LabText } from './bm25.js';
import type { JudgedProblem } from './metrics.js';

export type Lab = LabText & {
  domains: string[];
  universityName: string;
  universityKind: 'university' | 'institute';
  city: string;
};
export type Problem = JudgedProblem & {
  title: string;
  description: string;
  domains: string[];
  keywords: string[];
  budgetWan?: number;
};

const load = <T>(f: string): T[] => JSON.parse(readFileSync(new URL(`./data/${f}`, import.meta.url), 'utf8')) as T[];
export const loadLabs = () => load<Lab>('labs.json');
export const loadProblems = () => load<Problem>('problems.json');

import type { KnowledgeEntry } from '../types.ts';

const MAX_QUESTION_LENGTH = 500;
const MAX_ANSWER_LENGTH = 20_000;

/** Checks one entry's shape; returns the clean entry or the reasons it is not one. */
export function validateEntry(value: unknown): { entry: KnowledgeEntry } | { errors: string[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { errors: ['an entry must be an object'] };
  const v = value as Record<string, unknown>;
  const errors: string[] = [];
  const id = typeof v.id === 'number' ? String(v.id) : v.id;
  if (typeof id !== 'string' || !id.trim()) errors.push('"id" must be a non-empty string');
  const rawQuestions = typeof v.question === 'string' && v.questions === undefined ? [v.question] : v.questions;
  const questions = Array.isArray(rawQuestions)
    // A question is one line: a visitor's multi-line question (from Unanswered) must not become fragments in an editor that reads one per line.
    ? rawQuestions.filter((q): q is string => typeof q === 'string').map((q) => q.replace(/\s+/g, ' ').trim()).filter(Boolean)
    : [];
  if (!Array.isArray(rawQuestions)) errors.push('"questions" must be a list of strings');
  else if (questions.length === 0) errors.push('"questions" is empty');
  else if (questions.some((q) => q.length > MAX_QUESTION_LENGTH)) errors.push(`a question is longer than ${MAX_QUESTION_LENGTH} characters`);
  if (typeof v.answer !== 'string' || !v.answer.trim()) errors.push('"answer" must be a non-empty string');
  else if (v.answer.length > MAX_ANSWER_LENGTH) errors.push(`"answer" is longer than ${MAX_ANSWER_LENGTH} characters`);
  if (v.tags !== undefined && !(Array.isArray(v.tags) && v.tags.every((t) => typeof t === 'string'))) errors.push('"tags" must be a list of strings');
  for (const key of ['topic', 'attribute', 'group'] as const) {
    if (v[key] !== undefined && typeof v[key] !== 'string') errors.push(`"${key}" must be a string`);
  }
  if (errors.length > 0) return { errors };

  const entry: KnowledgeEntry = { id: (id as string).trim(), questions: [...new Set(questions)], answer: (v.answer as string).trim() };
  if (Array.isArray(v.tags) && v.tags.length > 0) entry.tags = v.tags as string[];
  if (typeof v.topic === 'string' && v.topic) entry.topic = v.topic;
  if (typeof v.attribute === 'string' && v.attribute) entry.attribute = v.attribute;
  if (typeof v.group === 'string' && v.group.trim()) entry.group = v.group.trim();
  return { entry };
}

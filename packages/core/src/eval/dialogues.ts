import { readFile } from 'node:fs/promises';
import { CoreError } from '../errors.ts';
import type { AskInput, HistoryTurn, Outcome } from '../types.ts';
import type { LabelledQuery } from './read-queries.ts';

export interface Dialogue {
  turns: LabelledQuery[];
}

export interface DialogueReport {
  dialogues: number;
  turns: number;
  turn_accuracy: number;
  followup_accuracy: number;
  first_turn_accuracy: number;
}

/** Reads `{"turns":[{"query","id"|null}, ...]}` lines, reporting bad lines by number. */
export async function readDialogues(path: string): Promise<Dialogue[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CoreError('CORE_BAD_ARGUMENT', `cannot read dialogues "${path}"`, { cause: error });
  }
  const dialogues: Dialogue[] = [];
  const problems: { line: number; message: string }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (!raw.trim()) return;
    try {
      const value = JSON.parse(raw) as { turns?: unknown };
      if (!Array.isArray(value.turns) || value.turns.length === 0) throw new Error('needs a non-empty "turns" array');
      const turns = value.turns.map((t: { query?: unknown; id?: unknown }) => {
        if (typeof t?.query !== 'string' || !(t.id === null || typeof t.id === 'string')) throw new Error('each turn needs "query" (string) and "id" (string or null)');
        return { query: t.query, id: t.id };
      });
      dialogues.push({ turns });
    } catch (error) {
      problems.push({ line: i + 1, message: (error as Error).message });
    }
  });
  if (problems.length > 0) throw new CoreError('CORE_BAD_ARGUMENT', `${path}: ${problems.length} bad line(s): ${problems.slice(0, 5).map((p) => `line ${p.line}: ${p.message}`).join('; ')}`, { problems });
  return dialogues;
}

const right = (expected: string | null, outcome: Outcome) => (outcome.kind === 'answer' ? outcome.entryId === expected : expected === null);

/**
 * Plays each dialogue turn by turn, giving the bot its own earlier answers as history (as a live
 * conversation would), and scores every turn: the right entry, or no answer when `id` is null.
 */
export async function evaluateDialogues(ask: (input: AskInput) => Promise<Outcome>, dialogues: readonly Dialogue[]): Promise<{ report: DialogueReport; misses: { dialogue: number; turn: number; query: string; expected: string | null; got: string | null }[] }> {
  let turns = 0, correct = 0, followUps = 0, followUpsCorrect = 0, firsts = 0, firstsCorrect = 0;
  const misses: { dialogue: number; turn: number; query: string; expected: string | null; got: string | null }[] = [];
  for (const [d, dialogue] of dialogues.entries()) {
    const history: HistoryTurn[] = [];
    for (const [t, turn] of dialogue.turns.entries()) {
      const outcome = await ask({ text: turn.query, history: [...history] });
      const ok = right(turn.id, outcome);
      turns++;
      if (ok) correct++;
      if (t === 0) [firsts, firstsCorrect] = [firsts + 1, firstsCorrect + (ok ? 1 : 0)];
      else [followUps, followUpsCorrect] = [followUps + 1, followUpsCorrect + (ok ? 1 : 0)];
      if (!ok) misses.push({ dialogue: d + 1, turn: t + 1, query: turn.query, expected: turn.id, got: outcome.kind === 'answer' ? outcome.entryId : null });
      history.push({ role: 'user', text: turn.query }, outcome.kind === 'answer' ? { role: 'bot', text: outcome.text, entryId: outcome.entryId } : { role: 'bot', text: '' });
    }
  }
  const r = (x: number, n: number) => (n ? Math.round((x / n) * 10000) / 10000 : 0);
  return { report: { dialogues: dialogues.length, turns, turn_accuracy: r(correct, turns), followup_accuracy: r(followUpsCorrect, followUps), first_turn_accuracy: r(firstsCorrect, firsts) }, misses };
}

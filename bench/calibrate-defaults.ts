import { createBot, type BotOptions } from '../packages/core/src/index.ts';
import { balancedAccuracy, suggestBar } from '../packages/core/src/eval/calibrate.ts';
import { evaluate, type QueryResult } from '../packages/core/src/eval/evaluate.ts';
import { readQueries } from '../packages/core/src/eval/read-queries.ts';
import type { RankerFamily } from '../packages/core/src/thresholds.ts';
import { clinc150Dir } from './clinc150-data.ts';

/**
 * Chooses DEFAULT_THRESHOLDS for each ranker family (their scores live on different scales): the answer bar
 * that maximises the mean balanced accuracy over the dev splits that family ranks, per margin, so the cost
 * of asking "did you mean" on close calls is visible before picking one.
 * Then, for that answer bar, the lower bar for questions that share a word with their best entry.
 * The suggest bar is the mean over the sets of calibrateThresholds' rule (a fifth of the unanswered
 * out-of-scope queries may get chips).
 * Usage: npx tsx bench/calibrate-defaults.ts [family ...]   (all families without one; CLINC150's take half an hour)
 */
const education = { name: 'education-zh', kb: 'examples/education-zh/kb.jsonl', dev: 'examples/education-zh/queries-dev.jsonl' };
// CLINC150's answers are intent labels: its bots rank on the questions alone (answerWeight 0).
const clincDir = clinc150Dir();
const clinc = { name: 'clinc150', kb: `${clincDir}kb.jsonl`, dev: `${clincDir}queries-dev.jsonl`, options: { answerWeight: 0 } as Partial<BotOptions> };
// Not 'bilingual-english': no dev split is a bilingual knowledge base's English half (thresholds.ts says how it was chosen).
const families: Partial<Record<RankerFamily, { name: string; kb: string; dev: string; options?: Partial<BotOptions> }[]>> = {
  // English knowledge bases on the pretrained sentence encoder (fine-tuned, the default).
  'sentence-encoder': [clinc],
  // Chinese knowledge bases, ranked with their glosses' sentence vectors (the default).
  'lexical-glosses': [education],
  // Bilingual knowledge bases, and Chinese ones without gloss vectors.
  lexical: [{ ...education, name: 'education-zh (no gloss vectors)', options: { glossVectors: false } }],
  // English knowledge bases without the encoder.
  'lexical-english': [{ ...clinc, name: 'clinc150 (no sentence encoder)', options: { ...clinc.options, sentenceEncoder: false } }],
};

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

const only = process.argv.slice(2);
for (const [family, sets] of Object.entries(families)) {
  if (only.length > 0 && !only.includes(family)) continue;
  const results: QueryResult[][] = [];
  for (const set of sets) {
    const bot = await createBot({ knowledge: set.kb, ...set.options });
    results.push((await evaluate((input) => bot.ask(input), await readQueries(set.dev))).results);
  }
  for (const margin of [0, 0.01, 0.02, 0.03, 0.05, 0.08]) {
    let best = { score: 0, answer: 0, perSet: [] as number[] };
    for (let step = 5; step <= 80; step++) {
      const answer = step / 100;
      const perSet = results.map((rows) => balancedAccuracy(rows, { answer, margin }));
      const score = perSet.reduce((a, b) => a + b, 0) / perSet.length;
      if (score > best.score) best = { score, answer, perSet };
    }
    // Then the bar for questions sharing a word with their best entry, from the answer bar down (ties keep it higher).
    let shared = { score: best.score, sharedWord: best.answer, perSet: best.perSet };
    for (let step = Math.round(best.answer * 100); step >= 5; step--) {
      const sharedWord = step / 100;
      const perSet = results.map((rows) => balancedAccuracy(rows, { answer: best.answer, margin, sharedWord }));
      const score = perSet.reduce((a, b) => a + b, 0) / perSet.length;
      if (score > shared.score + 1e-9) shared = { score, sharedWord, perSet };
    }
    const bars = { answer: best.answer, margin, sharedWord: shared.sharedWord };
    const suggest = round(results.reduce((sum, rows) => sum + suggestBar(rows, bars), 0) / results.length, 2);
    console.log(JSON.stringify({ family, answer: best.answer, sharedWord: shared.sharedWord, suggest, margin, meanBalancedAccuracy: round(best.score), withSharedWord: round(shared.score), perSet: Object.fromEntries(sets.map((s, i) => [s.name, round(shared.perSet[i]!)])) }));
  }
}

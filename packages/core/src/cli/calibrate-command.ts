import { createCliBot } from './create-cli-bot.ts';
import { calibrateThresholds, splitByBars } from '../eval/calibrate.ts';
import { evaluate } from '../eval/evaluate.ts';
import { readQueries } from '../eval/read-queries.ts';
import type { Thresholds } from '../types.ts';
import { botOptionsFrom, cliArgs, KB_OPTIONS } from './cli-args.ts';
import { printTable } from './print-table.ts';

/**
 * `chatbot calibrate --kb KB --queries DEV.jsonl`: prints thresholds that maximise accuracy on a dev set. A bilingual
 * knowledge base's English questions, scored on a scale of their own, get bars of their own.
 */
export async function calibrateCommand(argv: string[]): Promise<void> {
  const { values } = cliArgs(argv, { ...KB_OPTIONS, queries: { type: 'string' } }, ['kb', 'queries']);
  const queries = await readQueries(values.queries!);
  const bot = await createCliBot(await botOptionsFrom(values));
  const initial = bot.thresholds();
  const initialEnglish = bot.info().englishThresholds;
  const before = await evaluate((input) => bot.ask(input), queries);
  const { others, english } = splitByBars(before.results, initialEnglish !== undefined);
  const { thresholds } = others.length > 0 ? calibrateThresholds(others) : { thresholds: initial };
  const englishBars = english.length > 0 ? calibrateThresholds(english).thresholds : undefined;
  bot.setThresholds({ ...thresholds, ...(englishBars ? { english: englishBars } : {}) });
  const after = await evaluate((input) => bot.ask(input), queries);
  const row = (label: string, t: Thresholds, r?: typeof after.report) => [label, t.answer, t.sharedWord ?? t.answer, t.suggest, t.margin, ...(r ? [r.accuracy, r.in_scope_top1, r.oos_recall, r.suggest_rate] : ['', '', '', ''])];
  const rows = [row('current', initial, before.report), ...(englishBars ? [row('current, English questions', initialEnglish!)] : []), row('calibrated', thresholds, after.report), ...(englishBars ? [row('calibrated, English questions', englishBars)] : [])];
  console.log(printTable([['', 'answer', 'shared word', 'suggest', 'margin', 'accuracy', 'in_scope_top1', 'oos_recall', 'suggest_rate'], ...rows]));
  console.log(`server: ANSWER_THRESHOLD=${thresholds.answer} SHARED_WORD_THRESHOLD=${thresholds.sharedWord ?? thresholds.answer} SUGGEST_THRESHOLD=${thresholds.suggest} ANSWER_MARGIN=${thresholds.margin} (or PUT /api/bot/thresholds); code: createBot({ thresholds: ${JSON.stringify(thresholds)} })`);
  if (englishBars) console.log(`English questions: PUT /api/bot/thresholds with "english": ${JSON.stringify(englishBars)}; code: bot.setThresholds({ ...bars, english: ${JSON.stringify(englishBars)} })`);
  if (values.json) console.log(JSON.stringify({ thresholds, ...(englishBars ? { english: englishBars } : {}), ...after.report }));
}

import { createBot } from '../create-bot.ts';
import { calibrateThresholds } from '../eval/calibrate.ts';
import { evaluate } from '../eval/evaluate.ts';
import { readQueries } from '../eval/read-queries.ts';
import { botOptionsFrom, cliArgs, KB_OPTIONS } from './cli-args.ts';
import { printTable } from './print-table.ts';

/** `chatbot calibrate --kb KB --queries DEV.jsonl`: prints thresholds that maximise accuracy on a dev set. */
export async function calibrateCommand(argv: string[]): Promise<void> {
  const { values } = cliArgs(argv, { ...KB_OPTIONS, queries: { type: 'string' } }, ['kb', 'queries']);
  const queries = await readQueries(values.queries!);
  const bot = await createBot(await botOptionsFrom(values));
  const initial = bot.thresholds();
  const before = await evaluate((input) => bot.ask(input), queries);
  const { thresholds } = calibrateThresholds(before.results);
  bot.setThresholds(thresholds);
  const after = await evaluate((input) => bot.ask(input), queries);
  const row = (label: string, t: typeof thresholds, r: typeof after.report) => [label, t.answer, t.sharedWord ?? t.answer, t.suggest, t.margin, r.accuracy, r.in_scope_top1, r.oos_recall, r.suggest_rate];
  console.log(printTable([['', 'answer', 'shared word', 'suggest', 'margin', 'accuracy', 'in_scope_top1', 'oos_recall', 'suggest_rate'], row('current', initial, before.report), row('calibrated', thresholds, after.report)]));
  console.log(`server: ANSWER_THRESHOLD=${thresholds.answer} SHARED_WORD_THRESHOLD=${thresholds.sharedWord ?? thresholds.answer} SUGGEST_THRESHOLD=${thresholds.suggest} ANSWER_MARGIN=${thresholds.margin} (or PUT /api/bot/thresholds); code: createBot({ thresholds: ${JSON.stringify(thresholds)} })`);
  if (values.json) console.log(JSON.stringify({ thresholds, ...after.report }));
}

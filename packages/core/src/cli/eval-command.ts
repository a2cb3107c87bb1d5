import { createCliBot } from './create-cli-bot.ts';
import { evaluate } from '../eval/evaluate.ts';
import { readQueries } from '../eval/read-queries.ts';
import { evaluateDialogues, readDialogues } from '../eval/dialogues.ts';
import { CoreError } from '../errors.ts';
import { botOptionsFrom, cliArgs, KB_OPTIONS } from './cli-args.ts';
import { printTable } from './print-table.ts';

/**
 * `chatbot eval --kb KB --queries Q.jsonl [--json]` (single questions) or `--dialogues D.jsonl` (multi-turn):
 * a table, and with --json one JSON object on the last line.
 */
export async function evalCommand(argv: string[]): Promise<void> {
  const { values } = cliArgs(argv, { ...KB_OPTIONS, queries: { type: 'string' }, dialogues: { type: 'string' }, errors: { type: 'boolean', default: false } }, ['kb']);
  if (values.dialogues) return evalDialogues(values as typeof values & { dialogues: string });
  if (!values.queries) throw new CoreError('CORE_BAD_ARGUMENT', 'give --queries Q.jsonl or --dialogues D.jsonl');
  const queries = await readQueries(values.queries);
  const began = performance.now();
  const bot = await createCliBot(await botOptionsFrom(values));
  const buildMs = performance.now() - began;
  const { report, results } = await evaluate((input) => bot.ask(input), queries);
  const info = bot.info();
  console.log(`knowledge base: ${info.entries} entries, ${info.questions} questions (${info.source} in ${Math.round(buildMs)} ms; embedder ${info.embedder}, reranker ${info.reranker})`);
  console.log(printTable([['metric', 'value'], ...Object.entries(report).map(([k, v]) => [k, v])]));
  if (values.errors) {
    for (const { query, outcome } of results) {
      const got = outcome.kind === 'answer' ? outcome.entryId : null;
      if (got !== query.id) console.log(`  miss: ${JSON.stringify(query.query)} expected ${query.id ?? 'no answer'}, got ${got ?? outcome.kind} (top ${outcome.candidates[0]?.entryId ?? '-'})`);
    }
  }
  if (values.json) console.log(JSON.stringify({ ...report, build_ms: Math.round(buildMs), entries: info.entries }));
}

async function evalDialogues(values: { kb?: string; lenient?: boolean; 'index-dir'?: string; 'word-vectors'?: boolean; 'sentence-encoder'?: string; dialogues: string; json?: boolean; errors?: boolean }): Promise<void> {
  const dialogues = await readDialogues(values.dialogues);
  const bot = await createCliBot(await botOptionsFrom(values));
  const { report, misses } = await evaluateDialogues((input) => bot.ask(input), dialogues);
  console.log(printTable([['metric', 'value'], ...Object.entries(report).map(([k, v]) => [k, v])]));
  if (values.errors) for (const m of misses) console.log(`  miss: dialogue ${m.dialogue} turn ${m.turn} ${JSON.stringify(m.query)} expected ${m.expected ?? 'no answer'}, got ${m.got ?? 'no answer'}`);
  if (values.json) console.log(JSON.stringify(report));
}

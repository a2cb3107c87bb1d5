import { readFile } from 'node:fs/promises';
import { createBot, loadSynonyms, type HistoryTurn } from '../packages/core/src/index.ts';

/**
 * A visitor who asks about something else right after an answer: each entry's first question, then each
 * in-scope question of a query set about another entry (by default the demo's held-out examples/demo/queries-6.jsonl).
 * Prints how often that question is answered with its own entry on its own and right after the other answer,
 * and how often the previous answer comes back instead.
 * Usage: npx tsx bench/topic-switches.ts [EXAMPLE_DIR QUERIES]   e.g. examples/education-zh queries-test.jsonl
 * (the folder's kb.jsonl and synonyms.txt are used)
 */
const folder = new URL(process.argv[2] ? `../${process.argv[2].replace(/\/?$/, '/')}` : '../examples/demo/', import.meta.url).pathname;
const probeFile = process.argv[3] ?? 'queries-6.jsonl';
const lines = async (file: string) => (await readFile(`${folder}${file}`, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
const entries = (await lines('kb.jsonl')) as { id: string; questions: string[] }[];
const probes = ((await lines(probeFile)) as { query: string; id: string | null }[]).filter((q): q is { query: string; id: string } => q.id !== null);

const bot = await createBot({ knowledge: `${folder}kb.jsonl`, synonyms: await loadSynonyms(`${folder}synonyms.txt`) });
let asked = 0, rightAlone = 0, rightAfterAnother = 0, previousAgain = 0;
for (const entry of entries) {
  const first = entry.questions[0]!;
  const reply = await bot.ask({ text: first });
  if (reply.kind !== 'answer') continue;
  const history: HistoryTurn[] = [{ role: 'user', text: first }, { role: 'bot', text: reply.text, entryId: reply.entryId }];
  for (const probe of probes) {
    if (probe.id === entry.id) continue;
    asked++;
    const alone = await bot.ask({ text: probe.query });
    const after = await bot.ask({ text: probe.query, history });
    if (alone.kind === 'answer' && alone.entryId === probe.id) rightAlone++;
    if (after.kind === 'answer' && after.entryId === probe.id) rightAfterAnother++;
    if (after.kind === 'answer' && after.entryId === entry.id) previousAgain++;
  }
}
bot.close();
console.log(`question about another entry, right after an answer: ${asked} asked`);
console.log(`answered with its own entry, asked alone          ${rightAlone}`);
console.log(`answered with its own entry, after the answer     ${rightAfterAnother}`);
console.log(`answered with the previous answer again           ${previousAgain}`);
console.log(JSON.stringify({ asked, rightAlone, rightAfterAnother, previousAgain }));

import { readFile } from 'node:fs/promises';
import { createBot, loadSynonyms, type HistoryTurn } from '../packages/core/src/index.ts';

/**
 * A visitor who asks about something else right after an answer: each demo entry's first question, then each
 * in-scope question of the held-out demo set (examples/demo/queries-6.jsonl) about another entry. Prints how
 * often that question is answered with its own entry on its own and right after the other answer, and how often
 * the previous answer comes back instead.
 */
const demo = new URL('../examples/demo/', import.meta.url).pathname;
const lines = async (file: string) => (await readFile(`${demo}${file}`, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
const entries = (await lines('kb.jsonl')) as { id: string; questions: string[] }[];
const probes = ((await lines('queries-6.jsonl')) as { query: string; id: string | null }[]).filter((q): q is { query: string; id: string } => q.id !== null);

const bot = await createBot({ knowledge: `${demo}kb.jsonl`, synonyms: await loadSynonyms(`${demo}synonyms.txt`) });
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

import { readFile } from 'node:fs/promises';
import { createBot, type HistoryTurn } from '../packages/core/src/index.ts';

/**
 * How often an off-topic question asked right after an answer is answered anyway: each entry's first
 * question, then each of ten questions no entry answers. Prints how many were answered, by question.
 * Usage: npx tsx bench/off-topic-follow-ups.ts [KB]   (the demo's knowledge base without one)
 */
const KNOWLEDGE = process.argv[2] ?? new URL('../examples/demo/kb.jsonl', import.meta.url).pathname;
const OFF_TOPIC = ['今天天气怎么样', '你叫什么名字', '讲个笑话', '股票怎么买', '附近有什么好吃的', '我饿了', '明天会下雨吗', '你们老板是谁', '怎么做红烧肉', '帮我订机票'];

const bot = await createBot({ knowledge: KNOWLEDGE });
const answered = new Map(OFF_TOPIC.map((text) => [text, 0]));
let asked = 0;
for (const line of (await readFile(KNOWLEDGE, 'utf8')).trim().split('\n')) {
  const first = (JSON.parse(line) as { questions: string[] }).questions[0]!;
  const reply = await bot.ask({ text: first });
  if (reply.kind !== 'answer') continue;
  const history: HistoryTurn[] = [{ role: 'user', text: first }, { role: 'bot', text: reply.text, entryId: reply.entryId }];
  for (const text of OFF_TOPIC) {
    asked++;
    if ((await bot.ask({ text, history })).kind === 'answer') answered.set(text, answered.get(text)! + 1);
  }
}
bot.close();
console.log('off-topic question after an answer   answered');
for (const [text, count] of answered) console.log(`${text}\t${count}`);
console.log(JSON.stringify({ asked, answered: [...answered.values()].reduce((a, b) => a + b, 0) }));

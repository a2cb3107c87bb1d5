import { readFile } from 'node:fs/promises';
import { createBot, type HistoryTurn } from '../packages/core/src/index.ts';
import { hasHan } from '../packages/core/src/text/script.ts';

/**
 * How often an off-topic question asked right after an answer is answered anyway: each entry's first
 * question, then each of ten questions no entry answers; for an entry with an English question, that one,
 * then ten English ones too. Prints how many were answered, by question.
 * Usage: npx tsx bench/off-topic-follow-ups.ts [KB]   (the demo's knowledge base without one)
 */
const KNOWLEDGE = process.argv[2] ?? new URL('../examples/demo/kb.jsonl', import.meta.url).pathname;
const OFF_TOPIC = ['今天天气怎么样', '你叫什么名字', '讲个笑话', '股票怎么买', '附近有什么好吃的', '我饿了', '明天会下雨吗', '你们老板是谁', '怎么做红烧肉', '帮我订机票'];

const OFF_TOPIC_EN = ['tell me a joke', 'how do I buy stocks', 'any good food nearby', 'will it rain tomorrow', 'who is your boss', 'how do I cook pasta', 'book me a flight', 'I am hungry', 'when is the football game on', 'recommend a good movie'];

const bot = await createBot({ knowledge: KNOWLEDGE });
const answered = new Map([...OFF_TOPIC, ...OFF_TOPIC_EN].map((text) => [text, 0]));
const asked = { chinese: 0, english: 0 };

async function askAfter(first: string, offTopic: readonly string[], language: keyof typeof asked) {
  const reply = await bot.ask({ text: first });
  if (reply.kind !== 'answer') return;
  const history: HistoryTurn[] = [{ role: 'user', text: first }, { role: 'bot', text: reply.text, entryId: reply.entryId }];
  for (const text of offTopic) {
    asked[language]++;
    if ((await bot.ask({ text, history })).kind === 'answer') answered.set(text, answered.get(text)! + 1);
  }
}

for (const line of (await readFile(KNOWLEDGE, 'utf8')).trim().split('\n')) {
  const { questions } = JSON.parse(line) as { questions: string[] };
  await askAfter(questions[0]!, OFF_TOPIC, 'chinese');
  const english = questions.find((q) => !hasHan(q));
  if (english) await askAfter(english, OFF_TOPIC_EN, 'english');
}
bot.close();
const sum = (texts: readonly string[]) => texts.reduce((total, text) => total + answered.get(text)!, 0);
console.log('off-topic question after an answer   answered');
for (const [text, count] of answered) console.log(`${text}\t${count}`);
console.log(JSON.stringify({ asked: asked.chinese, answered: sum(OFF_TOPIC), english: { asked: asked.english, answered: sum(OFF_TOPIC_EN) } }));

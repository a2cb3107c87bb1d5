import { createCliBot } from './create-cli-bot.ts';
import { CoreError } from '../errors.ts';
import type { HistoryTurn, Outcome } from '../types.ts';
import { botOptionsFrom, cliArgs, KB_OPTIONS } from './cli-args.ts';

/** `chatbot ask --kb KB "question" ["follow-up" ...]`: each question is asked with the previous ones as history. */
export async function askCommand(argv: string[]): Promise<void> {
  const { values, positionals } = cliArgs(argv, KB_OPTIONS, ['kb']);
  if (positionals.length === 0) throw new CoreError('CORE_BAD_ARGUMENT', 'give the question to ask, e.g. chatbot ask --kb faq.jsonl "课程可以退款吗"');
  const bot = await createCliBot(await botOptionsFrom(values));
  const history: HistoryTurn[] = [];
  for (const text of positionals) {
    const outcome = await bot.ask({ text, history });
    if (values.json) console.log(JSON.stringify(outcome));
    else console.log(describe(text, outcome));
    history.push({ role: 'user', text }, { role: 'bot', text: outcome.kind === 'answer' ? outcome.text : '', ...(outcome.kind === 'answer' ? { entryId: outcome.entryId } : {}) });
  }
}

function describe(text: string, outcome: Outcome): string {
  const lines = [`> ${text}`];
  if (outcome.kind === 'answer') lines.push(`answer (${outcome.entryId}, confidence ${outcome.confidence.toFixed(3)}):`, `  ${outcome.text}`);
  else if (outcome.kind === 'suggest') lines.push(`did you mean (confidence ${outcome.confidence.toFixed(3)}):`, ...outcome.suggestions.map((s) => `  - ${s.question} [${s.entryId} ${s.score.toFixed(3)}]`));
  else if (outcome.kind === 'small-talk') lines.push(`small talk (${outcome.intent}):`, `  ${outcome.text}`);
  else if (outcome.kind === 'flow') lines.push(`flow ${outcome.flowId} (${outcome.event}):`, `  ${outcome.text}`, ...(outcome.choices ? [`  choices: ${outcome.choices.join(' / ')}`] : []));
  else lines.push(`no answer (${outcome.reason}, confidence ${outcome.confidence.toFixed(3)}): hand off to a person`);
  lines.push('trace:');
  for (const step of outcome.trace) lines.push(`  ${step.stage.padEnd(15)} ${step.ms.toFixed(2).padStart(6)} ms  ${JSON.stringify(step.detail)}`);
  return lines.join('\n');
}

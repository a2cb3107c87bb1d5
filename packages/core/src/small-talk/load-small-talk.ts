import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { CoreError, type KnowledgeProblem } from '../errors.ts';
import type { SmallTalkIntent } from './small-talk-intent.ts';

const isText = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

/** Checks a parsed small-talk corpus; every problem is reported at once, by intent position (1-based). */
export function parseSmallTalk(value: unknown): SmallTalkIntent[] {
  if (!Array.isArray(value)) throw new CoreError('CORE_SMALL_TALK_INVALID', 'a small-talk corpus is a list of {intent, phrases, answers: {zh, en}, contains?}');
  const problems: KnowledgeProblem[] = [];
  const intents: SmallTalkIntent[] = [];
  value.forEach((item: Record<string, unknown> | null, i) => {
    const line = i + 1;
    const answers = item?.answers as Record<string, unknown> | undefined;
    if (!item || typeof item !== 'object') problems.push({ line, message: 'not an object' });
    else if (!isText(item.intent)) problems.push({ line, message: 'intent must be a non-empty string' });
    else if (!Array.isArray(item.phrases) || item.phrases.length === 0 || !item.phrases.every(isText)) problems.push({ line, message: `${item.intent}: phrases must be a non-empty list of strings` });
    else if (!answers || !isText(answers.zh) || !isText(answers.en)) problems.push({ line, message: `${item.intent}: answers needs zh and en texts` });
    else intents.push({ intent: item.intent, phrases: item.phrases as string[], answers: { zh: answers.zh, en: answers.en }, ...(item.contains === true ? { contains: true } : {}) });
  });
  if (problems.length) throw new CoreError('CORE_SMALL_TALK_INVALID', `invalid small-talk corpus:\n${problems.map((p) => `  item ${p.line}: ${p.message}`).join('\n')}`, { problems });
  return intents;
}

/** Loads a replacement small-talk corpus from a .json, .yaml or .yml file. */
export async function loadSmallTalk(path: string): Promise<SmallTalkIntent[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CoreError('CORE_SMALL_TALK_INVALID', `cannot read the small-talk corpus "${path}"`, { cause: error });
  }
  try {
    return parseSmallTalk(/\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text));
  } catch (error) {
    if (error instanceof CoreError) throw error;
    throw new CoreError('CORE_SMALL_TALK_INVALID', `the small-talk corpus "${path}" is not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'}: ${(error as Error).message}`, { cause: error });
  }
}

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadWinkWordVectors } from '../adapters/wink-word-vectors.ts';
import { parseSentenceEncoderChoice } from '../sentence-encoder/sentence-encoder-choice.ts';
import { readModelMeta } from '../cnn/cnn-model-files.ts';
import { loadSynonyms } from '../knowledge/load-synonyms.ts';
import { CoreError } from '../errors.ts';
import { readQueries, type LabelledQuery } from '../eval/read-queries.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses CLI flags strictly, turning node's parse errors into CORE_BAD_ARGUMENT. */
export function cliArgs<T extends Options>(argv: string[], options: T, required: (keyof T & string)[] = []) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CoreError('CORE_BAD_ARGUMENT', (error as Error).message, { cause: error });
  }
  for (const name of required) {
    if ((parsed.values as Record<string, unknown>)[name] === undefined) throw new CoreError('CORE_BAD_ARGUMENT', `--${name} is required`);
  }
  return parsed;
}

export const KB_OPTIONS = {
  kb: { type: 'string' },
  lenient: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  'index-dir': { type: 'string' },
  'word-vectors': { type: 'boolean', default: false },
  model: { type: 'string' },
  'sentence-encoder': { type: 'string' },
  'fine-tune-encoder': { type: 'string' },
  'gloss-vectors': { type: 'string' },
  'answer-weight': { type: 'string' },
  synonyms: { type: 'string' },
  learned: { type: 'string' },
} as const;

/** The bot options the KB flags describe. */
export async function botOptionsFrom(values: { kb?: string; lenient?: boolean; 'index-dir'?: string; 'word-vectors'?: boolean; model?: string; 'sentence-encoder'?: string; 'fine-tune-encoder'?: string; 'gloss-vectors'?: string; 'answer-weight'?: string; synonyms?: string; learned?: string }) {
  // A model trained with word vectors needs the same vectors back.
  const modelWantsVectors = values.model ? !!(await readModelMeta(values.model))?.wordVectorsId : false;
  return {
    knowledge: values.kb!,
    lenient: values.lenient ?? false,
    ...(values['index-dir'] ? { indexDir: values['index-dir'] } : {}),
    ...(values['word-vectors'] || modelWantsVectors ? { wordVectors: await loadWinkWordVectors() } : {}),
    ...(values.model ? { model: values.model } : {}),
    ...(values['sentence-encoder'] ? { sentenceEncoder: parseSentenceEncoderChoice(values['sentence-encoder']) } : {}),
    ...(values['fine-tune-encoder'] !== undefined ? { fineTuneEncoder: parseSwitch('--fine-tune-encoder', values['fine-tune-encoder']) } : {}),
    ...(values['gloss-vectors'] !== undefined ? { glossVectors: parseSwitch('--gloss-vectors', values['gloss-vectors']) } : {}),
    ...(values['answer-weight'] !== undefined ? { answerWeight: parseShare('--answer-weight', values['answer-weight']) } : {}),
    ...(values.synonyms ? { synonyms: await loadSynonyms(values.synonyms) } : {}),
    ...(values.learned ? { learnedPairs: learnedPairsFrom(await readQueries(values.learned)) } : {}),
  };
}

/** A number at least 0 and below 1; CORE_BAD_ARGUMENT otherwise. */
export function parseShare(name: string, value: string): number {
  const share = Number(value.trim());
  if (value.trim() === '' || !(share >= 0 && share < 1)) throw new CoreError('CORE_BAD_ARGUMENT', `${name} must be a number from 0 up to (not including) 1, not "${value}"`);
  return share;
}

/** `on`/`off` (or true/false) from a flag or the environment; CORE_BAD_ARGUMENT otherwise. */
export function parseSwitch(name: string, value: string): boolean {
  const choice = value.trim().toLowerCase();
  if (choice === 'on' || choice === 'true') return true;
  if (choice === 'off' || choice === 'false') return false;
  throw new CoreError('CORE_BAD_ARGUMENT', `${name} must be on or off, not "${value}"`);
}

/** Labelled query lines as learned pairs; out-of-scope lines (id null) belong to no entry. */
function learnedPairsFrom(queries: readonly LabelledQuery[]) {
  const pairs = queries.flatMap((q) => (q.id === null ? [] : [{ text: q.query, entryId: q.id }]));
  return async () => pairs;
}

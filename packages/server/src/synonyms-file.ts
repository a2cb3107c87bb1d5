import { resolve } from 'node:path';
import type { Config } from './config.ts';
import { DEFAULT_KNOWLEDGE, DEMO_SYNONYMS } from './paths.ts';

/** The synonym table to load: SYNONYMS, or the demo's own table while KNOWLEDGE names the demo knowledge base (however it is spelled). */
export function synonymsFileFor(config: Pick<Config, 'SYNONYMS' | 'KNOWLEDGE'>): string | undefined {
  if (config.SYNONYMS === 'off') return undefined;
  if (config.SYNONYMS) return config.SYNONYMS;
  return resolve(config.KNOWLEDGE) === resolve(DEFAULT_KNOWLEDGE) ? DEMO_SYNONYMS : undefined;
}

import { createRequire } from 'node:module';
import { rankingSystem, type SystemFactory } from './system.ts';

const require = createRequire(import.meta.url);
interface NlpResult { classifications?: { intent: string; score: number }[] }
interface NlpManagerLike {
  addDocument(language: string, utterance: string, intent: string): void;
  train(): Promise<void>;
  process(language: string, text: string): Promise<NlpResult>;
}
const { NlpManager } = require('node-nlp') as { NlpManager: new (settings: object) => NlpManagerLike };

/** nlp.js (node-nlp) trained on the same knowledge base: each entry is an intent. */
export const nlpjs: SystemFactory = async (kb, language) => {
  const manager = new NlpManager({ languages: [language], forceNER: false, autoSave: false, nlu: { log: false } });
  for (const entry of kb) for (const question of entry.questions) manager.addDocument(language, question, entry.id);
  await manager.train();
  return rankingSystem('nlp.js', async (text) => {
    const result = await manager.process(language, text);
    return (result.classifications ?? []).filter((c) => c.intent !== 'None').map((c) => ({ id: c.intent, score: c.score }));
  });
};

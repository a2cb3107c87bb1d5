import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_KNOWLEDGE, DEMO_SYNONYMS } from './paths.ts';
import { synonymsFileFor } from './synonyms-file.ts';

describe('synonymsFileFor', () => {
  it('loads the demo synonym table for the demo knowledge base, named absolutely or relatively', () => {
    expect(synonymsFileFor({ KNOWLEDGE: DEFAULT_KNOWLEDGE })).toBe(DEMO_SYNONYMS);
    expect(synonymsFileFor({ KNOWLEDGE: relative(process.cwd(), DEFAULT_KNOWLEDGE) })).toBe(DEMO_SYNONYMS);
    expect(synonymsFileFor({ KNOWLEDGE: `./${relative(process.cwd(), DEFAULT_KNOWLEDGE)}` })).toBe(DEMO_SYNONYMS);
  });

  it('loads none for another knowledge base, the named one when SYNONYMS is set, and none when it is off', () => {
    expect(synonymsFileFor({ KNOWLEDGE: 'examples/education-zh/kb.jsonl' })).toBeUndefined();
    expect(synonymsFileFor({ KNOWLEDGE: 'examples/education-zh/kb.jsonl', SYNONYMS: 'examples/education-zh/synonyms.txt' })).toBe('examples/education-zh/synonyms.txt');
    expect(synonymsFileFor({ KNOWLEDGE: DEFAULT_KNOWLEDGE, SYNONYMS: 'off' })).toBeUndefined();
  });
});

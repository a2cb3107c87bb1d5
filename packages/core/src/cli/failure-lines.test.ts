import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.ts';
import { parseKnowledge } from '../knowledge/load-knowledge.ts';
import { parseSynonyms } from '../knowledge/load-synonyms.ts';
import { failureLines } from './failure-lines.ts';

function failure(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('failureLines', () => {
  it('lists a knowledge base’s problems once: its message holds them', () => {
    const error = failure(() => parseKnowledge(['{"id":"a","questions":["q"],"answer":"x"}', '{"id":"b","questions":[],"answer":"y"}', '{"id":"c","questions":[],"answer":"y"}'].join('\n'), 'jsonl', { source: 'kb.jsonl' }));
    const lines = failureLines(error).join('\n');
    expect(lines.match(/line 2: "questions" is empty/g)).toHaveLength(1);
    expect(lines.match(/line 3: "questions" is empty/g)).toHaveLength(1);
    expect(lines).toMatch(/^CORE_KB_INVALID: kb\.jsonl has 2 problem/);
  });

  it('adds the problems a message leaves out (a synonym table names only its first)', () => {
    const lines = failureLines(failure(() => parseSynonyms('甲乙, 丙丁\nx\ny')));
    expect(lines).toEqual([expect.stringMatching(/^CORE_SYNONYMS_INVALID: .*line 2: a group needs/), '  line 3: a group needs at least two different words']);
  });
});

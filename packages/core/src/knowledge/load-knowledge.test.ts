import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.ts';
import { loadKnowledge, parseKnowledge } from './load-knowledge.ts';

const goodLine = (id: string) => JSON.stringify({ id, questions: [`question ${id}`], answer: `answer ${id}` });

function problemsOf(fn: () => unknown): { line: number; message: string }[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CoreError);
    expect((error as CoreError).code).toBe('CORE_KB_INVALID');
    return (error as CoreError).problems;
  }
  throw new Error('expected the knowledge base to be refused');
}

describe('knowledge-base loading', () => {
  const jsonl = [goodLine('a'), '{not json', JSON.stringify({ id: 'b', questions: [], answer: 'x' }), goodLine('a'), '', goodLine('c')].join('\n');

  it('reports every bad JSONL row by line number', () => {
    const problems = problemsOf(() => parseKnowledge(jsonl, 'jsonl'));
    expect(problems.map((p) => p.line)).toEqual([2, 3, 4]);
    expect(problems[2]?.message).toMatch(/duplicate id "a".*line 1/);
    expect(problems[1]?.message).toMatch(/question/);
  });

  it('loads the good rows in lenient mode and still lists the problems', () => {
    const { entries, problems } = parseKnowledge(jsonl, 'jsonl', { lenient: true });
    expect(entries.map((e) => e.id)).toEqual(['a', 'c']);
    expect(problems).toHaveLength(3);
  });

  it('reads YAML with line numbers', () => {
    const yaml = ['- id: refund', '  questions: [怎么退款, 能退款吗]', '  answer: 7 天内可退', '- id: empty', '  questions: []', '  answer: x'].join('\n');
    const problems = problemsOf(() => parseKnowledge(yaml, 'yaml'));
    expect(problems[0]?.line).toBe(4);
    expect(parseKnowledge(yaml, 'yaml', { lenient: true }).entries[0]?.questions).toEqual(['怎么退款', '能退款吗']);
  });

  it('reads CSV, merging rows of one id and splitting questions on |', () => {
    const csv = ['id,question,answer,tags', 'refund,怎么退款|能退款吗,7 天内可退,refund', 'refund,退费流程,,', 'trial,"试听课, 怎么约",首页预约,trial'].join('\n');
    const { entries } = parseKnowledge(csv, 'csv');
    expect(entries).toHaveLength(2);
    expect(entries[0]?.questions).toEqual(['怎么退款', '能退款吗', '退费流程']);
    expect(entries[1]?.questions).toEqual(['试听课, 怎么约']);
  });

  it('reports a multi-line CSV record and a YAML syntax error by the line they start on', () => {
    const csv = ['id,question,answer', '', 'multi,"first line', 'second line', 'third line",', 'next,问题,答案'].join('\n');
    expect(problemsOf(() => parseKnowledge(csv, 'csv'))).toEqual([{ line: 3, message: expect.stringContaining('answer') }]);
    expect(parseKnowledge(csv.replace('third line",', 'third line",答'), 'csv').entries[0]?.questions).toEqual(['first line', 'second line', 'third line']);
    const yaml = ['- id: refund', '  questions: [怎么退款]', '  answer: 7 天内可退', '- id: nested', '  answer: a: b'].join('\n');
    expect(problemsOf(() => parseKnowledge(yaml, 'yaml'))[0]?.line).toBe(5);
  });

  it('skips CSV rows whose every cell is empty (",," as Excel saves them), still reporting others by their line', () => {
    const csv = [',,', 'id,question,answer', 'refund,怎么退款,7 天内可退', ',,', ' , , ', 'trial,试听课,', ',,'].join('\n');
    expect(problemsOf(() => parseKnowledge(csv, 'csv'))).toEqual([{ line: 6, message: expect.stringContaining('answer') }]);
    expect(parseKnowledge(csv.replace('试听课,', '试听课,首页预约'), 'csv').entries.map((e) => e.id)).toEqual(['refund', 'trial']);
  });

  it('reports a CSV quote never closed at the line it opens on, and loads the rows before it in lenient mode', () => {
    const csv = ['id,question,answer', 'refund,怎么退款,7 天内可退', '', 'trial,"试听课怎么约,首页预约', 'price,多少钱,200 元'].join('\n');
    expect(problemsOf(() => parseKnowledge(csv, 'csv'))).toEqual([{ line: 4, message: expect.stringMatching(/^a quote opened on this line is never closed, so the rest of the file \(2 lines\) was read into one cell/) }]);
    expect(parseKnowledge(csv, 'csv', { lenient: true }).entries.map((e) => e.id)).toEqual(['refund']);
  });

  it('keeps an entry\'s agents\' group and refuses one that is not text', () => {
    const grouped = JSON.stringify({ id: 'refund', questions: ['怎么退款'], answer: '7 天内可退', group: ' 售后 ' });
    expect(parseKnowledge(grouped, 'jsonl').entries[0]?.group).toBe('售后');
    const problems = problemsOf(() => parseKnowledge([grouped, JSON.stringify({ id: 'x', questions: ['q'], answer: 'a', group: 3 })].join('\n'), 'jsonl'));
    expect(problems).toEqual([{ line: 2, message: expect.stringContaining('"group" must be a string') }]);
    expect(parseKnowledge('id,question,answer,group\nrefund,怎么退款,7 天内可退,售后', 'csv').entries[0]?.group).toBe('售后');
  });

  it('refuses a file that yields no entry, even in lenient mode, listing why', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'chatbot-kb-'));
    try {
      await writeFile(join(dir, 'bad.csv'), 'id,question,answer\nrefund,,7 天内可退\ntrial,"试听课怎么约,首页预约\n');
      await expect(loadKnowledge(join(dir, 'bad.csv'), { lenient: true })).rejects.toMatchObject({ code: 'CORE_KB_INVALID', problems: [{ line: 2 }, { line: 3 }], message: expect.stringMatching(/bad\.csv has no entry lenient mode could load; 2 problem/) });
      await writeFile(join(dir, 'empty.jsonl'), '\n// nothing yet\n');
      await expect(loadKnowledge(join(dir, 'empty.jsonl'))).rejects.toMatchObject({ code: 'CORE_KB_INVALID', message: `${join(dir, 'empty.jsonl')} holds no entries` });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a file that is not UTF-8 (a CSV saved as GBK), by line and naming the file, even in lenient mode', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'chatbot-kb-'));
    try {
      // "退款" in GBK; the UTF-8 replacement character written as text is fine.
      const gbk = Buffer.concat([Buffer.from('id,question,answer\r\nrefund,'), Buffer.from([0xcd, 0xcb, 0xbf, 0xee]), Buffer.from(',7 天内可退 \uFFFD\r\n')]);
      await writeFile(join(dir, 'gbk.csv'), gbk);
      await expect(loadKnowledge(join(dir, 'gbk.csv'), { lenient: true })).rejects.toMatchObject({
        code: 'CORE_KB_INVALID',
        message: expect.stringContaining(`${join(dir, 'gbk.csv')} is not UTF-8 text`),
        problems: [{ line: 2, message: expect.stringContaining('save the file as UTF-8') }],
      });
      await writeFile(join(dir, 'utf8.csv'), 'id,question,answer\nrefund,退款,7 天内可退 \uFFFD\n');
      expect((await loadKnowledge(join(dir, 'utf8.csv'))).entries[0]?.questions).toEqual(['退款']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads a .json file holding a JSON array of entries, reporting each by the line it starts on, and JSON Lines in .json still', async () => {
    const array = ['[', `  ${goodLine('a')},`, '  {"id": "b", "questions": [],', '   "answer": "x, ] {"},', `  ${goodLine('c')}, [1]`, ']'].join('\n');
    expect(problemsOf(() => parseKnowledge(array, 'jsonl'))).toEqual([{ line: 3, message: '"questions" is empty' }, { line: 5, message: 'an entry must be an object' }]);
    expect(parseKnowledge(array, 'jsonl', { lenient: true }).entries.map((e) => e.id)).toEqual(['a', 'c']);
    expect(problemsOf(() => parseKnowledge(`[\n${goodLine('a')}\n${goodLine('b')}\n]`, 'jsonl'))).toEqual([{ line: 3, message: expect.stringMatching(/^not valid JSON \(Expected ','/) }]);
    expect(problemsOf(() => parseKnowledge(`\uFEFF[\n${goodLine('a')},\n`, 'jsonl'))).toEqual([{ line: 2, message: expect.stringMatching(/^not valid JSON/) }]);
    const dir = await mkdtemp(join(tmpdir(), 'chatbot-kb-'));
    try {
      await writeFile(join(dir, 'array.json'), `[${goodLine('a')}, ${goodLine('b')}]`);
      await writeFile(join(dir, 'lines.json'), `${goodLine('a')}\n${goodLine('b')}\n`);
      for (const name of ['array.json', 'lines.json']) expect((await loadKnowledge(join(dir, name))).entries.map((e) => e.id)).toEqual(['a', 'b']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('gives clear errors for a missing file and an unknown format', async () => {
    await expect(loadKnowledge('/nonexistent/kb.jsonl')).rejects.toMatchObject({ code: 'CORE_KB_NOT_FOUND' });
    await expect(loadKnowledge('kb.docx')).rejects.toMatchObject({ code: 'CORE_KB_UNSUPPORTED_FORMAT' });
  });
});

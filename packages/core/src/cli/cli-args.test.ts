import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { botOptionsFrom, cliArgs, KB_OPTIONS, parseShare, parseSwitch } from './cli-args.ts';

describe('CLI flags', () => {
  it('turns --fine-tune-encoder on/off into the bot option and refuses anything else', async () => {
    const options = async (argv: string[]) => botOptionsFrom(cliArgs(argv, KB_OPTIONS, ['kb']).values);
    expect(await options(['--kb', 'kb.jsonl', '--fine-tune-encoder', 'off'])).toMatchObject({ knowledge: 'kb.jsonl', fineTuneEncoder: false });
    expect(await options(['--kb', 'kb.jsonl', '--fine-tune-encoder', 'ON'])).toMatchObject({ fineTuneEncoder: true });
    expect(await options(['--kb', 'kb.jsonl'])).not.toHaveProperty('fineTuneEncoder');
    expect(() => parseSwitch('--fine-tune-encoder', 'maybe')).toThrow(expect.objectContaining({ code: 'CORE_BAD_ARGUMENT', message: '--fine-tune-encoder must be on or off, not "maybe"' }));
  });

  it('turns --answer-weight into the bot option and refuses what is not a share below 1', async () => {
    const options = async (argv: string[]) => botOptionsFrom(cliArgs(argv, KB_OPTIONS, ['kb']).values);
    expect(await options(['--kb', 'kb.jsonl', '--answer-weight', '0'])).toMatchObject({ answerWeight: 0 });
    expect(await options(['--kb', 'kb.jsonl', '--answer-weight', '0.25'])).toMatchObject({ answerWeight: 0.25 });
    expect(await options(['--kb', 'kb.jsonl'])).not.toHaveProperty('answerWeight');
    for (const bad of ['1', '-0.1', 'abc', ' ']) expect(() => parseShare('--answer-weight', bad)).toThrow(expect.objectContaining({ code: 'CORE_BAD_ARGUMENT' }));
  });

  it('loads --synonyms FILE into the bot option and reports a bad table by line', async () => {
    const options = async (argv: string[]) => botOptionsFrom(cliArgs(argv, KB_OPTIONS, ['kb']).values);
    const table = new URL('../../../../examples/education-zh/synonyms.txt', import.meta.url).pathname;
    expect((await options(['--kb', 'kb.jsonl', '--synonyms', table])).synonyms).toContainEqual(['数学', '奥数', '奥林匹克数学', '数学竞赛']);
    await expect(options(['--kb', 'kb.jsonl', '--synonyms', '/nonexistent/synonyms.txt'])).rejects.toMatchObject({ code: 'CORE_SYNONYMS_INVALID' });
  });

  it('reads --learned Q.jsonl as learned pairs, skipping out-of-scope lines, and reports bad lines', async () => {
    const options = async (argv: string[]) => botOptionsFrom(cliArgs(argv, KB_OPTIONS, ['kb']).values);
    const dir = await mkdtemp(join(tmpdir(), 'learned-'));
    try {
      await writeFile(join(dir, 'q.jsonl'), '{"query":"钱能拿回来吗","id":"refund"}\n{"query":"天气如何","id":null}\n');
      const { learnedPairs } = await options(['--kb', 'kb.jsonl', '--learned', join(dir, 'q.jsonl')]);
      expect(await learnedPairs!()).toEqual([{ text: '钱能拿回来吗', entryId: 'refund' }]);
      await writeFile(join(dir, 'bad.jsonl'), '{"text":"x"}\n');
      await expect(options(['--kb', 'kb.jsonl', '--learned', join(dir, 'bad.jsonl')])).rejects.toMatchObject({ code: 'CORE_BAD_ARGUMENT', message: expect.stringContaining('line 1') });
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('reports a missing required flag and an unknown one as CORE_BAD_ARGUMENT', () => {
    expect(() => cliArgs([], KB_OPTIONS, ['kb'])).toThrow(expect.objectContaining({ code: 'CORE_BAD_ARGUMENT', message: '--kb is required' }));
    expect(() => cliArgs(['--kb', 'x', '--nope'], KB_OPTIONS)).toThrow(expect.objectContaining({ code: 'CORE_BAD_ARGUMENT' }));
  });
});

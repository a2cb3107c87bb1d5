import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../create-bot.ts';

const ROOT = new URL('../../../../', import.meta.url).pathname;
const MAIN = new URL('./main.ts', import.meta.url).pathname;
const KB = new URL('../../test-fixtures/edu.jsonl', import.meta.url).pathname;

/** Runs `pnpm chatbot ...` as a user would: a real process, its output and exit code. */
function chatbot(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 10_000_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('pnpm chatbot', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'chatbot-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints an unexpected error as one line and exits 1, the stack only with DEBUG=1', async () => {
    // The index cannot be written: a folder sits where its file goes (a plain EISDIR from the file system).
    const indexDir = join(dir, 'blocked');
    await mkdir(join(indexDir, 'index.json.tmp'), { recursive: true });
    const args = ['ask', '--kb', KB, '--index-dir', indexDir, '课程可以退款吗'];
    const plain = await chatbot(args);
    expect(plain.code).toBe(1);
    expect(plain.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: EISDIR.*index\.json\.tmp.*DEBUG=1/)]);
    const debug = await chatbot(args, { DEBUG: '1' });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/^error: EISDIR[^\n]*\n[^]*at /);
    expect(debug.stderr.length).toBeLessThan(5000);
  });

  it('prints a CoreError as "CODE: message" and exits 1', async () => {
    const { code, stderr } = await chatbot(['ask', '--kb', join(dir, 'missing.jsonl'), 'x']);
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(`CORE_KB_NOT_FOUND: cannot read knowledge base "${join(dir, 'missing.jsonl')}"`);
  });

  it('prints help to stdout and exits 0, for the CLI and for a command; usage after a mistake goes to stderr', async () => {
    for (const args of [['--help'], ['-h'], ['ask', '--help']]) {
      const { code, stdout, stderr } = await chatbot(args);
      expect({ args, code, stderr }).toEqual({ args, code: 0, stderr: '' });
      expect(stdout).toMatch(/^usage: chatbot <command>/);
    }
    const wrong = await chatbot(['nope']);
    expect(wrong).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(/^unknown command "nope"\n\nusage:/) });
  });

  it('warns in one line on stderr that a damaged saved index was rebuilt, and answers', async () => {
    const indexDir = join(dir, 'index');
    await createBot({ knowledge: KB, indexDir });
    await truncate(join(indexDir, 'vectors.f32'), 100);
    const { code, stdout, stderr } = await chatbot(['ask', '--kb', KB, '--index-dir', indexDir, '课程可以退款吗']);
    expect(code).toBe(0);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^warning: the saved index in ".*" is damaged: vectors\.f32 is 100 bytes .*; rebuilt it from the knowledge base$/)]);
    expect(stdout).toMatch(/answer \(refund/);
  });

  it('prints the rows --lenient skipped as warnings on stderr, by line', async () => {
    const kb = join(dir, 'lenient.jsonl');
    await writeFile(kb, `${(await readFile(KB, 'utf8')).trim()}\nnot json\n{"id":"x","questions":[],"answer":"y"}\n`);
    const { code, stdout, stderr } = await chatbot(['ask', '--lenient', '--kb', kb, '课程可以退款吗']);
    expect(code).toBe(0);
    expect(stderr.trim().split('\n')).toEqual(['warning: skipped 2 bad row(s) of the knowledge base (--lenient):', expect.stringMatching(/^  line 12: not valid JSON/), '  line 13: "questions" is empty']);
    expect(stdout).toMatch(/answer \(refund/);
  });
});

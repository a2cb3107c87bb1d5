import { cp, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot, type Bot } from './create-bot.ts';

const KB = new URL('../test-fixtures/edu.jsonl', import.meta.url).pathname;
const QUESTIONS = ['课程可以退款吗', '怎么预约试听课', 'how do I change my address'];

/** A damaged snapshot is not used: the bot is built from the knowledge base, says why, and writes a good snapshot over it. */
describe('createBot over a damaged saved index', () => {
  let root: string;
  let good: string;
  let built: Bot;
  const answers = async (bot: Bot) => Promise.all(QUESTIONS.map(async (text) => (await bot.ask({ text })).candidates.slice(0, 3).map((c) => [c.entryId, c.score])));
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'chatbot-snapshot-'));
    good = join(root, 'good');
    built = await createBot({ knowledge: KB, indexDir: good });
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function damaged(name: string, damage: (dir: string) => Promise<void>): Promise<string> {
    const dir = join(root, name);
    await cp(good, dir, { recursive: true });
    await damage(dir);
    return dir;
  }
  const cut = (file: string, bytes = 100) => (dir: string) => truncate(join(dir, file), bytes);
  // Snapshots written before the manifest recorded the files' sizes are checked against index.json alone.
  const withoutSizes = async (dir: string) => {
    const { files: _files, ...manifest } = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
  };

  it.each([
    ['vectors.f32 cut short', cut('vectors.f32'), /vectors\.f32 is 100 bytes where \d+ were written/],
    ['vectors.f32 cut short, older manifest', async (dir: string) => (await cut('vectors.f32')(dir), await withoutSizes(dir)), /vectors\.f32 is 100 bytes where \d+ questions of \d+ numbers take \d+/],
    ['vectors.f32 holding NaN', async (dir: string) => {
      const bytes = await readFile(join(dir, 'vectors.f32'));
      new Float32Array(bytes.buffer, bytes.byteOffset, 4).fill(Number.NaN);
      await writeFile(join(dir, 'vectors.f32'), bytes);
    }, /vectors\.f32 holds numbers that are not finite/],
    ['index.json cut short', cut('index.json'), /index\.json is 100 bytes where \d+ were written/],
    ['index.json cut short, older manifest', async (dir: string) => (await cut('index.json')(dir), await withoutSizes(dir)), /index\.json is not valid JSON/],
    ['hnsw.bin cut short', cut('hnsw.bin'), /hnsw\.bin is 100 bytes where \d+ were written/],
    ['hnsw.bin cut short, older manifest', async (dir: string) => (await cut('hnsw.bin')(dir), await withoutSizes(dir)), /hnsw\.bin.*damaged: Hnswlib Error: Index seems to be corrupted/],
    ['reranker.f32 cut short', cut('reranker.f32', 96), /reranker\.f32 is 96 bytes where \d+ were written/],
    // The index itself is sound: it is kept, and the ranker is trained again.
    ['reranker.f32 cut short, older manifest', async (dir: string) => (await cut('reranker.f32', 96)(dir), await withoutSizes(dir)), /the ranker's weights do not fit/, 'snapshot'],
    ['manifest.json cut short', cut('manifest.json', 20), /manifest\.json is not valid JSON/],
  ])('rebuilds over %s, says why, and mends the snapshot', async (name, damage, why, source = 'built') => {
    const dir = await damaged(name.replace(/\W+/g, '-'), damage);
    const rebuilt = await createBot({ knowledge: KB, indexDir: dir });
    expect(rebuilt.info()).toMatchObject({ source, indexRebuilt: expect.stringMatching(why) });
    expect(await answers(rebuilt)).toEqual(await answers(built));
    const reloaded = await createBot({ knowledge: KB, indexDir: dir });
    expect(reloaded.info().source).toBe('snapshot');
    expect(reloaded.info().indexRebuilt).toBeUndefined();
    expect(await answers(reloaded)).toEqual(await answers(built));
  });
});

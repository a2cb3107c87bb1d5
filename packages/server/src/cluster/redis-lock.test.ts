import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { redisLock } from './redis-lock.ts';

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('redisLock on a real Redis', () => {
  const prefix = `lock-test-${randomBytes(4).toString('hex')}:`;
  const nodeA = new Redis(REDIS_URL);
  const nodeB = new Redis(REDIS_URL);
  const problems: unknown[] = [];
  const timings = { leaseMs: 400, renewMs: 120, pollMs: 10 };
  const onA = redisLock(nodeA, prefix, (e) => problems.push(e), timings);
  const onB = redisLock(nodeB, prefix, (e) => problems.push(e), timings);
  afterAll(async () => {
    await Promise.all([nodeA.quit(), nodeB.quit()]);
  });

  it('runs work of one name on two connections one after the other, other names beside it, and frees the lock', async () => {
    const log: string[] = [];
    const step = (name: string, ms: number) => async () => {
      log.push(`${name} start`);
      await tick(ms);
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([onA('turn', step('a', 150)), onB('turn', step('b', 150)), onB('other', step('c', 1))]);
    expect(results).toEqual(['a', 'b', 'c']);
    // Either connection may take the lock first; the other starts only once it is freed.
    const [first, second] = log.indexOf('a start') < log.indexOf('b start') ? ['a', 'b'] : ['b', 'a'];
    expect(log.indexOf(`${first} end`)).toBeLessThan(log.indexOf(`${second} start`));
    expect(log.indexOf('c end')).toBeLessThan(log.indexOf(`${first} end`));
    expect(await nodeA.exists(`${prefix}lock:turn`)).toBe(0);
    expect(problems).toEqual([]);
  });

  it('frees the lock when the work fails', async () => {
    await expect(onA('failing', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await nodeA.exists(`${prefix}lock:failing`)).toBe(0);
  });

  it('keeps the lock while a live holder works past its lease, renewing it', async () => {
    const log: string[] = [];
    const slow = onA('long', async () => {
      log.push('a start');
      await tick(1_000); // 2.5 leases
      log.push('a end');
    });
    await tick(50);
    await onB('long', async () => void log.push('b start'));
    await slow;
    expect(log).toEqual(['a start', 'a end', 'b start']);
  });

  it("takes a dead holder's lock once its lease lapses (seconds, not half a minute), and the late holder does not free the new one", async () => {
    // The holder's connection dies mid-turn, as with a killed node: nobody renews its lock.
    const dying = new Redis(REDIS_URL, { maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
    dying.on('error', () => undefined);
    const onDying = redisLock(dying, prefix, () => undefined); // the default timings, as nodes run them
    const onLive = redisLock(nodeB, prefix, (e) => problems.push(e), { pollMs: 10 });
    let release!: () => void;
    const slow = onDying('stuck', () => new Promise<void>((resolve) => (release = resolve)));
    await tick(100);
    dying.disconnect();
    const started = Date.now();
    let heldByB = false;
    const next = onLive('stuck', async () => {
      heldByB = true;
      release(); // the first holder finishes late, after its lease: its release must leave B's lock alone
      await tick(50);
      return nodeB.exists(`${prefix}lock:stuck`);
    });
    expect(await next).toBe(1);
    await slow;
    expect(heldByB).toBe(true);
    expect(Date.now() - started).toBeLessThan(6_000);
  }, 15_000);

  it('runs the work unlocked when Redis cannot be reached', async () => {
    const down = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, enableOfflineQueue: false, lazyConnect: true, retryStrategy: () => null });
    down.on('error', () => undefined);
    const logged: unknown[] = [];
    const run = redisLock(down, prefix, (e) => logged.push(e), timings);
    expect(await run('turn', async () => 'answered')).toBe('answered');
    expect(logged.length).toBeGreaterThan(0);
    down.disconnect();
  });
});

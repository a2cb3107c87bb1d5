import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Deletes the lock only if it is still ours: a holder past its lease must not free the next holder's lock. */
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
/** Extends the lease only if the lock is still ours. */
const RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

export interface LockTimings {
  /** How long a holder keeps the lock after its last renewal: how long a crashed node's lock outlives it. */
  leaseMs: number;
  /** How often a live holder renews its lease while its work runs. */
  renewMs: number;
  /** How often a waiter asks again. */
  pollMs: number;
  /** How long a waiter waits before running its work unlocked (a holder stuck for that long is not waited for). */
  waitMs: number;
}

/** A short lease renewed while the work runs: a dead node's lock lapses in seconds, a live one's slow turn keeps it. */
const DEFAULT_TIMINGS: LockTimings = { leaseMs: 5_000, renewMs: 1_500, pollMs: 20, waitMs: 30_000 };

/**
 * Runs work while holding a lock that every node of the cluster sees (SET NX PX, renewed while the work runs,
 * freed with a compare-and-delete). A lock left by a crashed node lapses after its short lease. When Redis
 * cannot be reached the work runs unlocked: the store stays the source of truth, and answering matters more than ordering.
 */
export function redisLock(redis: Redis, prefix: string, log: (error: unknown) => void, given: Partial<LockTimings> = {}) {
  const timings = { ...DEFAULT_TIMINGS, ...given };
  return async function withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
    const key = `${prefix}lock:${name}`;
    const token = randomUUID();
    let held = false;
    try {
      const giveUpAt = Date.now() + timings.waitMs;
      while (!(held = (await redis.set(key, token, 'PX', timings.leaseMs, 'NX')) === 'OK') && Date.now() < giveUpAt) {
        await new Promise((resolve) => setTimeout(resolve, timings.pollMs));
      }
    } catch (error) {
      log(error);
    }
    const renewal = held ? setInterval(() => void redis.eval(RENEW, 1, key, token, String(timings.leaseMs)).catch(log), timings.renewMs) : undefined;
    try {
      return await work();
    } finally {
      clearInterval(renewal);
      if (held) await redis.eval(RELEASE, 1, key, token).catch(log);
    }
  };
}

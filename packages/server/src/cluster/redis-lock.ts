import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Deletes the lock only if it is still ours: a holder past its lease must not free the next holder's lock. */
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

export interface LockTimings {
  /** How long a holder keeps the lock if it never frees it (a crashed node). */
  leaseMs: number;
  /** How often a waiter asks again. */
  pollMs: number;
}

const DEFAULT_TIMINGS: LockTimings = { leaseMs: 30_000, pollMs: 20 };

/**
 * Runs work while holding a lock that every node of the cluster sees (SET NX PX, freed with a
 * compare-and-delete). A lock left by a crashed node lapses after its lease. When Redis cannot be reached
 * the work runs unlocked: the store stays the source of truth, and answering matters more than ordering.
 */
export function redisLock(redis: Redis, prefix: string, log: (error: unknown) => void, timings: LockTimings = DEFAULT_TIMINGS) {
  return async function withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
    const key = `${prefix}lock:${name}`;
    const token = randomUUID();
    let held = false;
    try {
      const giveUpAt = Date.now() + timings.leaseMs;
      while (!(held = (await redis.set(key, token, 'PX', timings.leaseMs, 'NX')) === 'OK') && Date.now() < giveUpAt) {
        await new Promise((resolve) => setTimeout(resolve, timings.pollMs));
      }
    } catch (error) {
      log(error);
    }
    try {
      return await work();
    } finally {
      if (held) await redis.eval(RELEASE, 1, key, token).catch(log);
    }
  };
}

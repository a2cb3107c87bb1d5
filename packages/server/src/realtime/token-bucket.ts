/** Per-key rate limiting: `burst` actions at once, refilled at `perSecond`. Memory is bounded by `maxKeys`. */
export function createTokenBucket({ burst, perSecond, maxKeys = 100_000 }: { burst: number; perSecond: number; maxKeys?: number }) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key: string, now = Date.now()): boolean {
      const bucket = buckets.get(key) ?? { tokens: burst, at: now };
      bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
      bucket.at = now;
      if (buckets.size >= maxKeys && !buckets.has(key)) buckets.clear();
      buckets.set(key, bucket);
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },
  };
}

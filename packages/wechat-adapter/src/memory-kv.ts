import type { ChannelHost } from '@chatbot/protocol';

/** The host's shared key-value store, in memory with expiry: what the channel's unit tests mount it on. */
export function memoryKv(): ChannelHost['kv'] {
  const values = new Map<string, { value: string; until: number }>();
  const live = (key: string) => {
    const item = values.get(key);
    return item && item.until > Date.now() ? item.value : undefined;
  };
  return {
    get: async (key) => live(key),
    set: async (key, value, ttl) => void values.set(key, { value, until: ttl === undefined ? Infinity : Date.now() + ttl * 1000 }),
    setIfAbsent: async (key, value, ttl) => (live(key) === undefined ? (values.set(key, { value, until: Date.now() + ttl * 1000 }), true) : false),
  };
}

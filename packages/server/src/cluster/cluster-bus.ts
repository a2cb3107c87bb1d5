import { createHash, randomUUID } from 'node:crypto';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { redisLock } from './redis-lock.ts';

/**
 * The Redis key and channel prefix of one cluster. Nodes are one cluster when they share a store, so the
 * prefix comes from the store's address and schema: two deployments on one Redis (staging and production,
 * two tenants) never hear each other's visitors, agents or news.
 */
export function clusterPrefix(store: { databaseUrl: string; schema?: string }): string {
  return `chatbot:${createHash('sha256').update(`${store.databaseUrl}|${store.schema ?? ''}`).digest('hex').slice(0, 12)}:`;
}

/**
 * What server nodes share through Redis: the socket.io Redis adapter (a message emitted on one node
 * reaches sockets on every node) and a small publish/subscribe bus for the nodes' own news (agent
 * presence, knowledge-base edits). PostgreSQL stays the one source of truth; Redis only carries news.
 */
export async function connectClusterBus(redisUrl: string, prefix: string) {
  const nodeId = randomUUID();
  const options = { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true };
  const pub = new Redis(redisUrl, options);
  const adapterSub = pub.duplicate();
  const busSub = pub.duplicate();
  // ioredis reconnects by itself; without listeners an outage would crash the process with "Unhandled error event".
  const problems: string[] = [];
  for (const client of [pub, adapterSub, busSub]) client.on('error', (error: Error) => problems.push(error.message));
  await Promise.all([pub.connect(), adapterSub.connect(), busSub.connect()]);
  // The socket.io adapter publishes without handling the promise: while Redis is down or this node is
  // closing, a rejected publish would end the process. The store holds every message, so log it and go on.
  const publish = pub.publish.bind(pub) as (channel: string, message: string) => Promise<number>;
  (pub as unknown as { publish: typeof publish }).publish = (channel, message) =>
    publish(channel, message).catch((error: Error) => {
      problems.push(`publish: ${error.message}`);
      return 0;
    });
  const handlers = new Map<string, (payload: unknown, from: string) => void>();
  busSub.on('message', (channel: string, raw: string) => {
    try {
      const { from, payload } = JSON.parse(raw) as { from: string; payload: unknown };
      if (from !== nodeId) handlers.get(channel.slice(prefix.length))?.(payload, from);
    } catch {
      // not ours: ignore
    }
  });
  return {
    nodeId,
    adapter: createAdapter(pub, adapterSub, { key: `${prefix}socket.io` }),
    /** Runs work under a lock all nodes see (a conversation's bot turns). */
    withLock: redisLock(pub, prefix, (error) => problems.push(`lock: ${error instanceof Error ? error.message : String(error)}`)),
    /** Recent connection problems (for /health). */
    problems: () => problems.slice(-5),
    async publish(channel: string, payload: unknown): Promise<void> {
      await pub.publish(prefix + channel, JSON.stringify({ from: nodeId, payload }));
    },
    async subscribe(channel: string, handler: (payload: unknown, from: string) => void): Promise<void> {
      handlers.set(channel, handler);
      await busSub.subscribe(prefix + channel);
    },
    async close(): Promise<void> {
      await Promise.allSettled([pub.quit(), adapterSub.quit(), busSub.quit()]);
    },
  };
}

export type ClusterBus = Awaited<ReturnType<typeof connectClusterBus>>;

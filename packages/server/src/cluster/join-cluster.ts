import type { Bot } from '@chatbot/core';
import type { Server } from 'socket.io';
import type { Presence, PresenceSnapshot } from '../handoff/presence.ts';
import type { Store } from '../store/store.ts';
import type { ClusterBus } from './cluster-bus.ts';

const HEARTBEAT_MS = 5_000;
/** How often a node re-reads the shared store for changes whose news it missed (Redis pub/sub delivers at most once). */
export const RECONCILE_MS = 60_000;

/**
 * Makes this node one of several: socket.io fan-out through Redis, agent presence announced to the other
 * nodes (on every change and every 5 s, so a node that dies drops out after PRESENCE_STALE_MS), and
 * knowledge-base edits, saved answer bars, synonym tables and webhook subscriptions made on any node applied on every node (re-read from the shared store), retrain requests passed on,
 * and, every `reconcileMs`, a re-read of all of them (`reconcile`) for news a node missed while Redis or PostgreSQL was unreachable.
 */
export async function joinCluster(bus: ClusterBus, deps: { io: Server; presence: Presence; store: Store; bot: () => Bot; onPresence: () => void; reloadThresholds: () => Promise<void>; reloadSynonyms: () => Promise<void>; webhooksChanged: () => void; reconcile: () => Promise<void>; reconcileMs?: number; exclusive: <T>(work: () => Promise<T>) => Promise<T>; log: (error: unknown) => void }) {
  deps.io.adapter(bus.adapter);
  const announce = () => bus.publish('presence', deps.presence.snapshot(bus.nodeId)).catch(deps.log);
  await bus.subscribe('presence', (payload) => {
    deps.presence.applyRemote(payload as PresenceSnapshot);
    deps.onPresence();
  });
  await bus.subscribe('knowledge', (payload) => {
    const { ids } = payload as { ids: string[] };
    void deps
      .exclusive(async () => {
        for (const id of ids) {
          const entry = await deps.store.knowledgeEntry(id);
          if (entry) await deps.bot().upsert(entry);
          else await deps.bot().remove(id);
        }
      })
      .catch(deps.log);
  });
  await bus.subscribe('thresholds', () => void deps.reloadThresholds().catch(deps.log));
  await bus.subscribe('synonyms', () => void deps.reloadSynonyms().catch(deps.log));
  await bus.subscribe('webhooks', () => deps.webhooksChanged());
  await bus.subscribe('retrain', () => deps.bot().retrain());
  const heartbeat = setInterval(announce, HEARTBEAT_MS);
  heartbeat.unref();
  let catchingUp = false; // a slow catch-up (a rebuild with a new table) is not started again while it runs
  const reconciling = setInterval(() => {
    if (catchingUp) return;
    catchingUp = true;
    void deps
      .reconcile()
      .catch(deps.log)
      .finally(() => (catchingUp = false));
  }, deps.reconcileMs ?? RECONCILE_MS);
  reconciling.unref();
  await announce();
  return {
    announce,
    knowledgeChanged: (ids: string[]) => bus.publish('knowledge', { ids }).catch(deps.log),
    thresholdsChanged: () => void bus.publish('thresholds', {}).catch(deps.log),
    synonymsChanged: () => void bus.publish('synonyms', {}).catch(deps.log),
    webhooksChanged: () => void bus.publish('webhooks', {}).catch(deps.log),
    /** An admin asked this node for a retrain (POST /api/retrain): the other nodes' bots retrain too. */
    retrainOtherNodes: () => void bus.publish('retrain', {}).catch(deps.log),
    withLock: bus.withLock,
    /** Tells the other nodes this node's agents are gone; call before closing the sockets. */
    async leave(): Promise<void> {
      clearInterval(heartbeat);
      clearInterval(reconciling);
      await bus.publish('presence', { nodeId: bus.nodeId, at: Date.now(), agents: [] }).catch(deps.log);
    },
    /** Closes the Redis connections; call after socket.io has closed. */
    close: () => bus.close(),
  };
}

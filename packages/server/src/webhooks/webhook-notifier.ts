import type { WebhookEvent } from '@chatbot/protocol';
import type { Store } from '../store/store.ts';

/** How long a node trusts its list of subscribed events (a change whose cluster news it missed shows after at most this). */
const SUBSCRIPTIONS_TTL_MS = 10_000;

/**
 * What the chat needs from webhooks: whether some subscription wants an event (cached briefly, so events nobody
 * subscribed to cost no insert and no extra read), and a nudge for the sender once deliveries were queued. The
 * store queues each event in the transaction of the change it reports (a message, a hand-off step, a rating,
 * a left message), so a crash cannot keep one without the other.
 */
export function createWebhookNotifier(deps: { store: Store; wake: () => void; log: (error: unknown) => void; now?: () => number; changed?: () => void }) {
  const now = deps.now ?? Date.now;
  let subscribed: { events: Set<string>; at: number } | undefined;

  return {
    /** A failure to read the subscriptions is logged and reads as "no": a webhook must not break the chat it reports on. */
    async wants(event: WebhookEvent): Promise<boolean> {
      try {
        if (!subscribed || now() - subscribed.at > SUBSCRIPTIONS_TTL_MS) subscribed = { events: await deps.store.subscribedEvents(), at: now() };
        return subscribed.events.has(event);
      } catch (error) {
        deps.log(error);
        return false;
      }
    },
    /** Sends queued deliveries now rather than at the next poll. */
    wake(): void {
      deps.wake();
    },
    /** After this node changed the subscriptions: read them again, and tell the other nodes to (`changed`). */
    subscriptionsChanged(): void {
      subscribed = undefined;
      deps.changed?.();
    },
    /** After another node changed the subscriptions. */
    invalidate(): void {
      subscribed = undefined;
    },
  };
}

export type WebhookNotifier = ReturnType<typeof createWebhookNotifier>;

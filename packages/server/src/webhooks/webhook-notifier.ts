import type { WebhookData, WebhookEvent } from '@chatbot/protocol';
import type { Store } from '../store/store.ts';

/** How long a node trusts its list of subscribed events (another node's change shows after at most this). */
const SUBSCRIPTIONS_TTL_MS = 10_000;

/**
 * Records events for webhooks: one outbox row per subscription that wants the event, then wakes the sender.
 * Events nobody subscribed to cost nothing (the subscribed events are cached briefly). A failure to record
 * is logged, never thrown: a webhook must not break the chat it reports on. (message.created is queued by
 * the store in the transaction that stores the message; `wake` sends it.)
 */
export function createWebhookNotifier(deps: { store: Store; wake: () => void; log: (error: unknown) => void; now?: () => number }) {
  const now = deps.now ?? Date.now;
  let subscribed: { events: Set<string>; at: number } | undefined;

  async function wanted(event: WebhookEvent): Promise<boolean> {
    if (!subscribed || now() - subscribed.at > SUBSCRIPTIONS_TTL_MS) subscribed = { events: await deps.store.subscribedEvents(), at: now() };
    return subscribed.events.has(event);
  }

  return {
    /** Resolves once the event is recorded (or failed to be); callers need not wait. */
    async notify(event: WebhookEvent, visitorId: string | null, data: () => Promise<WebhookData> | WebhookData): Promise<void> {
      try {
        if (!(await wanted(event))) return;
        if ((await deps.store.enqueueWebhookEvent(event, visitorId, await data())) > 0) deps.wake();
      } catch (error) {
        deps.log(error);
      }
    },
    /** Sends deliveries queued elsewhere (with a stored message) now rather than at the next poll. */
    wake(): void {
      deps.wake();
    },
    /** After this node changed the subscriptions. */
    invalidate(): void {
      subscribed = undefined;
    },
  };
}

export type WebhookNotifier = ReturnType<typeof createWebhookNotifier>;

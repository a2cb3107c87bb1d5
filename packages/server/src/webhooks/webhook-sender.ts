import type { WebhookDelivery } from '@chatbot/protocol';
import { repeatTask } from '../lifecycle/repeat-task.ts';
import type { Store } from '../store/store.ts';
import type { DeliveryOutcome, DueDelivery } from '../store/webhook-queries.ts';
import { accepted, webhookRequest } from './webhook-request.ts';

export interface WebhookSettings {
  /** Waits before each retry; after the last, a delivery fails for good (it can be retried by hand). */
  retryDelaysMs: readonly number[];
  /** How often each node looks for due deliveries (new events are sent at once on the node that made them). */
  pollMs: number;
  /** One attempt's time limit. */
  timeoutMs: number;
  /** Finished deliveries are forgotten after this many days. */
  keepDays: number;
  /** The agents' console, for the link in group-robot alerts (PUBLIC_URL + /console). */
  consoleUrl?: string;
}

/** 10 s, 1 min, 5 min, 30 min, 2 h, 6 h: about 8.5 hours of receiver downtime before a delivery fails. */
export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = { retryDelaysMs: [10_000, 60_000, 300_000, 1_800_000, 7_200_000, 21_600_000], pollMs: 5_000, timeoutMs: 5_000, keepDays: 7 };

const BATCH = 20;
const LEASE_SECONDS = 60;

/**
 * Sends webhook deliveries from the store's outbox: every node polls, claims due ones with a lease (so a
 * delivery goes out from one node at a time) and records each attempt. A receiver that is down gets the
 * delivery again later, from any node, after a restart too; receivers tell repeats apart by its id.
 */
export function startWebhookSender(deps: { store: Store; settings: WebhookSettings; log: (error: unknown) => void; now?: () => Date }) {
  const { store, settings } = deps;
  const now = deps.now ?? (() => new Date());
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  async function attempt(delivery: DueDelivery): Promise<DeliveryOutcome> {
    const request = webhookRequest(delivery, now(), settings.consoleUrl);
    const retryAt = (): Date | undefined => {
      if (delivery.event === 'ping') return undefined; // a test says how it went, once
      const wait = settings.retryDelaysMs[delivery.attempts - 1];
      return wait === undefined ? undefined : new Date(now().getTime() + wait);
    };
    try {
      const response = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body, redirect: 'manual', signal: AbortSignal.timeout(settings.timeoutMs) });
      const text = await response.text();
      const verdict = accepted(delivery.webhook.format, response.status, text);
      if (verdict.ok) return { ok: true, status: response.status };
      const next = retryAt();
      return { ok: false, status: response.status, error: verdict.error, ...(next ? { retryAt: next } : {}) };
    } catch (error) {
      const next = retryAt();
      const reason = error instanceof Error ? `${error.name === 'TimeoutError' ? `no answer within ${settings.timeoutMs} ms` : error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}` : String(error);
      return { ok: false, error: reason, ...(next ? { retryAt: next } : {}) };
    }
  }

  async function sendDue(onlyId?: string): Promise<number> {
    const due = await store.claimDueDeliveries(BATCH, LEASE_SECONDS, onlyId);
    await Promise.all(due.map(async (delivery) => store.finishDelivery(delivery.id, await attempt(delivery))));
    return due.length;
  }

  /** Sends everything due now; calls while a pass runs make it go round once more (nothing waits for the next poll). */
  function wake(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        while (!stopped && (await sendDue()) === BATCH);
      } while (again && !stopped);
    })().finally(() => (running = undefined));
    return running;
  }

  const poll = setInterval(() => void wake().catch(deps.log), settings.pollMs);
  poll.unref();
  const prune = repeatTask(() => store.pruneWebhookDeliveries(settings.keepDays), { everyMs: 3_600_000, log: deps.log });

  return {
    wake: () => void wake().catch(deps.log),
    /** Sends one delivery (a test ping) now and reports how it went. */
    async sendNow(deliveryId: string): Promise<WebhookDelivery | undefined> {
      await sendDue(deliveryId);
      return store.webhookDelivery(deliveryId);
    },
    async stop(): Promise<void> {
      stopped = true;
      clearInterval(poll);
      await prune.stop();
      await running?.catch(() => undefined);
    },
  };
}

export type WebhookSender = ReturnType<typeof startWebhookSender>;

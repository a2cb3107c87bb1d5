import type { Webhook, WebhookData, WebhookDelivery, WebhookEvent, WebhookFormat } from '@chatbot/protocol';
import { randomUUID } from 'node:crypto';
import type { Row } from './rows.ts';
import type { SqlClient } from './sql-client.ts';

/** A subscription as the sender needs it: with its secret. */
export interface WebhookRecord extends Webhook {
  secret: string | null;
}

/** A delivery claimed for sending, with its subscription's address and how to write the body. */
export interface DueDelivery {
  id: string;
  event: WebhookEvent | 'ping';
  data: WebhookData;
  attempts: number;
  createdAt: Date;
  webhook: { id: string; url: string; format: WebhookFormat; secret: string | null };
}

export type DeliveryOutcome = { ok: true; status: number } | { ok: false; status?: number; error: string; retryAt?: Date };

const iso = (value: unknown) => new Date(value as string).toISOString();

function webhookFrom(row: Row): WebhookRecord {
  return { id: String(row['id']), url: String(row['url']), events: row['events'] as WebhookEvent[], format: row['format'] as WebhookFormat, active: Boolean(row['active']), signed: row['secret'] !== null, createdAt: iso(row['created_at']), secret: (row['secret'] as string | null) ?? null };
}

function deliveryFrom(row: Row): WebhookDelivery {
  return {
    id: String(row['id']),
    event: row['event'] as WebhookDelivery['event'],
    status: row['status'] as WebhookDelivery['status'],
    attempts: Number(row['attempts']),
    ...(row['last_status'] !== null ? { lastStatus: Number(row['last_status']) } : {}),
    ...(row['last_error'] !== null ? { lastError: String(row['last_error']) } : {}),
    ...(row['status'] === 'pending' ? { nextAttemptAt: iso(row['next_attempt_at']) } : {}),
    createdAt: iso(row['created_at']),
    ...(row['delivered_at'] !== null ? { deliveredAt: iso(row['delivered_at']) } : {}),
  };
}

/** An event to queue with the change it reports, in the same transaction; `data` reads the changed record. */
export interface WebhookAnnouncement<T> {
  event: WebhookEvent;
  data: (record: T) => WebhookData;
}

/**
 * One pending delivery per active subscription to the event; returns how many. Given a transaction's
 * client, the deliveries commit (or roll back) with the change they report.
 */
export async function enqueueWebhookEvent(db: SqlClient, event: WebhookEvent, visitorId: string | null, data: WebhookData): Promise<number> {
  const rows = await db.query("insert into webhook_deliveries (id, webhook_id, event, visitor_id, data) select gen_random_uuid()::text, id, $1, $2, $3 from webhooks where active and events ? $1 returning id", [event, visitorId, JSON.stringify(data)]);
  return rows.length;
}

/**
 * Webhook subscriptions and their deliveries: an outbox in the database, so an event survives a restart
 * and any node may send it (claims are row locks with a lease, never two senders at once).
 */
export function webhookQueries(db: SqlClient) {
  return {
    async listWebhooks(): Promise<WebhookRecord[]> {
      return (await db.query<Row>('select * from webhooks order by created_at')).map(webhookFrom);
    },
    async webhookById(id: string): Promise<WebhookRecord | undefined> {
      const row = (await db.query<Row>('select * from webhooks where id = $1', [id]))[0];
      return row && webhookFrom(row);
    },
    async createWebhook(input: { url: string; events: WebhookEvent[]; format: WebhookFormat; secret: string | null; active: boolean }): Promise<WebhookRecord> {
      const row = (await db.query<Row>('insert into webhooks (id, url, events, format, secret, active) values ($1, $2, $3, $4, $5, $6) returning *', [randomUUID(), input.url, JSON.stringify(input.events), input.format, input.secret, input.active]))[0]!;
      return webhookFrom(row);
    },
    async updateWebhook(id: string, patch: { url?: string; events?: WebhookEvent[]; format?: WebhookFormat; secret?: string | null; active?: boolean }): Promise<WebhookRecord | undefined> {
      const row = (await db.query<Row>(
        `update webhooks set url = coalesce($2, url), events = coalesce($3::jsonb, events), format = coalesce($4, format),
           secret = case when $5::boolean then $6 else secret end, active = coalesce($7, active) where id = $1 returning *`,
        [id, patch.url ?? null, patch.events ? JSON.stringify(patch.events) : null, patch.format ?? null, 'secret' in patch, patch.secret ?? null, patch.active ?? null],
      ))[0];
      return row && webhookFrom(row);
    },
    /** Removes the subscription and its delivery history (pending deliveries are dropped with it). */
    async deleteWebhook(id: string): Promise<boolean> {
      return (await db.query('delete from webhooks where id = $1 returning id', [id])).length > 0;
    },
    /** The events some active subscription wants (a message costs no insert when nobody listens). */
    async subscribedEvents(): Promise<Set<string>> {
      const rows = await db.query<{ event: string }>('select distinct jsonb_array_elements_text(events) as event from webhooks where active');
      return new Set(rows.map((r) => r.event));
    },
    /** A test delivery to one subscription, whatever its events and state. */
    async enqueuePing(webhookId: string): Promise<string> {
      const id = randomUUID();
      await db.query("insert into webhook_deliveries (id, webhook_id, event, data) values ($1, $2, 'ping', '{}')", [id, webhookId]);
      return id;
    },
    /**
     * Claims up to `limit` due deliveries of active subscriptions for `leaseSeconds` and counts the attempt;
     * a node that dies mid-send leaves them to be claimed again when the lease ends. A test ping is claimed
     * only by its id (`onlyId`), by the request that sends it and reports how it went.
     */
    async claimDueDeliveries(limit: number, leaseSeconds: number, onlyId?: string): Promise<DueDelivery[]> {
      const rows = await db.query<Row>(
        `update webhook_deliveries d set locked_until = now() + make_interval(secs => $2::int), attempts = d.attempts + 1
           from webhooks w
          where w.id = d.webhook_id and d.id in (
            select x.id from webhook_deliveries x join webhooks h on h.id = x.webhook_id
             where x.status = 'pending' and x.next_attempt_at <= now() and (x.locked_until is null or x.locked_until < now())
               and (($3::text is null and h.active and x.event <> 'ping') or x.id = $3)
             order by x.next_attempt_at limit $1 for update of x skip locked)
          returning d.id, d.event, d.data, d.attempts, d.created_at, w.id as webhook_id, w.url, w.format, w.secret`,
        [limit, leaseSeconds, onlyId ?? null],
      );
      return rows.map((r) => ({
        id: String(r['id']), event: r['event'] as DueDelivery['event'], data: r['data'] as WebhookData, attempts: Number(r['attempts']), createdAt: new Date(r['created_at'] as string),
        webhook: { id: String(r['webhook_id']), url: String(r['url']), format: r['format'] as WebhookFormat, secret: (r['secret'] as string | null) ?? null },
      }));
    },
    /** Records an attempt: delivered, pending again at `retryAt`, or failed for good (no `retryAt`). */
    async finishDelivery(id: string, outcome: DeliveryOutcome): Promise<void> {
      const status = outcome.ok ? 'delivered' : outcome.retryAt ? 'pending' : 'failed';
      await db.query(
        `update webhook_deliveries set status = $2, last_status = $3, last_error = $4, locked_until = null,
           next_attempt_at = coalesce($5, next_attempt_at), delivered_at = case when $2 = 'delivered' then now() else null end where id = $1`,
        [id, status, outcome.status ?? null, outcome.ok ? null : outcome.error.slice(0, 500), outcome.ok ? null : (outcome.retryAt ?? null)],
      );
    },
    async webhookDelivery(id: string): Promise<WebhookDelivery | undefined> {
      const row = (await db.query<Row>('select * from webhook_deliveries where id = $1', [id]))[0];
      return row && deliveryFrom(row);
    },
    async webhookDeliveries(webhookId: string, limit = 50): Promise<WebhookDelivery[]> {
      return (await db.query<Row>('select * from webhook_deliveries where webhook_id = $1 order by created_at desc, id limit $2', [webhookId, limit])).map(deliveryFrom);
    },
    /** Sends a failed delivery again (from the first delay); false unless it belongs to the webhook and failed. */
    async retryDelivery(webhookId: string, id: string): Promise<boolean> {
      const rows = await db.query("update webhook_deliveries set status = 'pending', attempts = 0, next_attempt_at = now(), last_error = null where id = $1 and webhook_id = $2 and status = 'failed' returning id", [id, webhookId]);
      return rows.length > 0;
    },
    /** Forgets finished deliveries older than `days` (pending ones stay). */
    async pruneWebhookDeliveries(days: number): Promise<number> {
      return (await db.query("delete from webhook_deliveries where status <> 'pending' and created_at < now() - make_interval(days => $1::int) returning id", [days])).length;
    },
  };
}

import type { CampaignResult, ChatMessage } from '@chatbot/protocol';
import { DEFAULT_PROACTIVE_RULES, proactiveRulesSchema, type ProactiveRules } from '../proactive/proactive-rules.ts';
import { insertMessage } from './insert-message.ts';
import type { SqlClient } from './sql-client.ts';

export type Reservation = 'reserved' | 'opted-out' | 'graylisted' | 'blocked' | 'frequency-cap';

/** Proactive messages a visitor got in the last `days` days: what the frequency cap counts. */
async function recentSends(q: SqlClient, visitorId: string, days: number): Promise<number> {
  const [sent] = await q.query<{ n: string }>('select count(*) as n from proactive_sends where visitor_id = $1 and sent_at > now() - make_interval(days => $2::int)', [visitorId, days]);
  return Number(sent!.n);
}

/** Proactive messages: the rules, campaigns, and the per-visitor send log the frequency cap counts. */
export function proactiveQueries(db: SqlClient) {
  return {
    async proactiveRules(): Promise<ProactiveRules> {
      const [row] = await db.query<{ value: string }>("select value from settings where key = 'proactive-rules'");
      const parsed = row ? proactiveRulesSchema.safeParse(JSON.parse(row.value)) : undefined;
      return parsed?.success ? parsed.data : DEFAULT_PROACTIVE_RULES;
    },
    async setProactiveRules(rules: ProactiveRules): Promise<void> {
      await db.query("insert into settings (key, value) values ('proactive-rules', $1) on conflict (key) do update set value = excluded.value", [JSON.stringify(rules)]);
    },
    /**
     * Stores one proactive message for a visitor, or says why not. The visitor's row stays locked from the
     * checks to the stored message, so concurrent campaigns (on any node) cannot pass the cap together, and
     * an opt-out (which updates that row before the visitor's message is stored) is either seen here or
     * comes after this message in the conversation: nobody gets a message after saying "unsubscribe".
     */
    async storeProactiveMessage(input: { visitorId: string; conversationId: string; campaignId: string; text: string; cap: ProactiveRules['frequencyCap']; announce?: boolean }): Promise<{ outcome: Reservation; message?: ChatMessage }> {
      return db.transaction(async (tx) => {
        const [visitor] = await tx.query<{ opted_out_at: Date | null; graylisted: boolean; blocked: boolean }>('select opted_out_at, graylisted, blocked from visitors where id = $1 for update', [input.visitorId]);
        if (!visitor || visitor.blocked) return { outcome: 'blocked' as const };
        if (visitor.opted_out_at) return { outcome: 'opted-out' as const };
        if (visitor.graylisted) return { outcome: 'graylisted' as const };
        if ((await recentSends(tx, input.visitorId, input.cap.days)) >= input.cap.count) return { outcome: 'frequency-cap' as const };
        await tx.query('insert into proactive_sends (campaign_id, visitor_id) values ($1, $2)', [input.campaignId, input.visitorId]);
        const { message } = await insertMessage(tx, input.conversationId, { type: 'proactive', text: input.text, campaignId: input.campaignId }, input.announce ?? true);
        return { outcome: 'reserved' as const, message };
      });
    },
    recentProactiveSends: (visitorId: string, days: number): Promise<number> => recentSends(db, visitorId, days),
    async setOptedOut(visitorId: string, optedOut: boolean): Promise<void> {
      await db.query('update visitors set opted_out_at = case when $2::boolean then coalesce(opted_out_at, now()) else null end where id = $1', [visitorId, optedOut]);
    },
    async setGraylisted(visitorId: string, graylisted: boolean): Promise<boolean> {
      return (await db.query('update visitors set graylisted = $2 where id = $1 returning id', [visitorId, graylisted])).length > 0;
    },
    async createCampaign(campaign: { id: string; text: string; segment: unknown; createdBy: string }): Promise<void> {
      await db.query('insert into campaigns (id, text, segment, created_by) values ($1, $2, $3, $4)', [campaign.id, campaign.text, JSON.stringify(campaign.segment), campaign.createdBy]);
    },
    async finishCampaign(id: string, result: CampaignResult): Promise<void> {
      await db.query('update campaigns set result = $2 where id = $1', [id, JSON.stringify(result)]);
    },
    async listCampaigns(limit = 100): Promise<{ id: string; text: string; segment: unknown; createdBy: string; createdAt: string; result: CampaignResult | null }[]> {
      const rows = await db.query<{ id: string; text: string; segment: unknown; created_by: string; created_at: Date; result: CampaignResult | null }>('select * from campaigns order by created_at desc limit $1', [limit]);
      return rows.map((r) => ({ id: r.id, text: r.text, segment: r.segment, createdBy: r.created_by, createdAt: new Date(r.created_at).toISOString(), result: r.result }));
    },
  };
}

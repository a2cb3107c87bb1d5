import type { AnalyticsReport, HandoffReason } from '@chatbot/protocol';
import type { SqlClient } from './sql-client.ts';

export interface AnalyticsRange {
  /** Inclusive local dates, YYYY-MM-DD. */
  from: string;
  to: string;
  /** IANA time zone the days are counted in. */
  tz: string;
  channel?: string;
}

const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** Opening the widget is not a conversation: one counts once its visitor said something. */
export const visitorSpoke = (alias: string): string =>
  `exists (select 1 from messages m where m.conversation_id = ${alias}.id and m.type = 'visitor-text')`;

/**
 * The numbers behind the operator dashboard, computed in SQL over one date range. Only conversations in
 * which the visitor said something count (opening the widget is not a conversation).
 */
export function analyticsQueries(db: SqlClient) {
  return {
    async analytics(range: AnalyticsRange): Promise<Omit<AnalyticsReport, 'topQuestions'> & { topEntries: { entryId: string; count: number }[] }> {
      const params = [range.from, range.to, range.tz, range.channel ?? null];
      const scope = `with c as (
          select c.*, v.channel from conversations c join visitors v on v.id = c.visitor_id
           where c.created_at >= ($1::date)::timestamp at time zone $3
             and c.created_at < ($2::date + 1)::timestamp at time zone $3
             and ($4::text is null or v.channel = $4)
             and ${visitorSpoke('c')})`;
      const [totals] = await db.query<Record<string, unknown>>(
        `${scope} select count(*) as total, count(*) filter (where queued_at is not null) as handed,
            percentile_cont(0.5) within group (order by extract(epoch from first_response_at - coalesce(assigned_at, queued_at))) as frt_median,
            percentile_cont(0.9) within group (order by extract(epoch from first_response_at - coalesce(assigned_at, queued_at))) as frt_p90,
            avg(extract(epoch from first_response_at - coalesce(assigned_at, queued_at))) as frt_avg,
            percentile_cont(0.5) within group (order by extract(epoch from assigned_at - queued_at)) as wait_median,
            percentile_cont(0.9) within group (order by extract(epoch from assigned_at - queued_at)) as wait_p90,
            avg(csat) as csat, count(csat) as csat_n,
            count(*) filter (where csat = 1) as s1, count(*) filter (where csat = 2) as s2, count(*) filter (where csat = 3) as s3,
            count(*) filter (where csat = 4) as s4, count(*) filter (where csat = 5) as s5
           from c`,
        params,
      );
      const daily = await db.query<Record<string, unknown>>(
        `${scope} select to_char(created_at at time zone $3, 'YYYY-MM-DD') as day, count(*) as total,
            count(*) filter (where queued_at is not null) as handed, avg(csat) as csat from c group by 1 order by 1`,
        params,
      );
      const reasons = await db.query<{ reason: string | null; n: string }>(`${scope} select handoff_reason as reason, count(*) as n from c where queued_at is not null group by 1 order by 2 desc`, params);
      const channels = await db.query<Record<string, unknown>>(
        `${scope} select channel, count(*) as total, count(*) filter (where queued_at is not null) as handed, avg(csat) as csat from c group by 1 order by 2 desc`,
        params,
      );
      const groups = await db.query<Record<string, unknown>>(
        `${scope} select skill_group as grp, count(*) as handed,
            percentile_cont(0.5) within group (order by extract(epoch from assigned_at - queued_at)) as wait_median,
            percentile_cont(0.5) within group (order by extract(epoch from first_response_at - coalesce(assigned_at, queued_at))) as frt_median,
            avg(csat) as csat from c where queued_at is not null and skill_group is not null group by 1 order by 2 desc, 1`,
        params,
      );
      const entries = await db.query<{ entry_id: string; n: string }>(
        `${scope} select m.body->>'entryId' as entry_id, count(*) as n from messages m join c on c.id = m.conversation_id
           where m.type = 'bot-answer' group by 1 order by 2 desc limit 10`,
        params,
      );
      const unanswered = await db.query<{ text: string; n: string }>(
        `${scope} select u.text, count(*) as n from unanswered u join c on c.id = u.conversation_id group by 1 order by 2 desc limit 10`,
        params,
      );
      const [feedback] = await db.query<{ rate: unknown }>(
        `${scope} select avg(case when f.helpful then 1.0 else 0.0 end) as rate from feedback f join c on c.id = f.conversation_id`,
        params,
      );
      const total = Number(totals!['total']);
      const handed = Number(totals!['handed']);
      return {
        range: { from: range.from, to: range.to, tz: range.tz, channel: range.channel ?? null },
        totals: {
          conversations: total,
          botResolved: total - handed,
          handedOff: handed,
          botResolutionRate: total ? (total - handed) / total : 0,
          handoffRate: total ? handed / total : 0,
          firstResponseSeconds: { median: num(totals!['frt_median']), p90: num(totals!['frt_p90']), average: num(totals!['frt_avg']) },
          waitSeconds: { median: num(totals!['wait_median']), p90: num(totals!['wait_p90']) },
          csat: { average: num(totals!['csat']), responses: Number(totals!['csat_n']), distribution: { '1': Number(totals!['s1']), '2': Number(totals!['s2']), '3': Number(totals!['s3']), '4': Number(totals!['s4']), '5': Number(totals!['s5']) } },
          feedbackHelpfulRate: num(feedback?.rate),
        },
        daily: daily.map((d) => ({ day: String(d['day']), conversations: Number(d['total']), handedOff: Number(d['handed']), botResolved: Number(d['total']) - Number(d['handed']), csatAverage: num(d['csat']) })),
        handoffReasons: reasons.map((r) => ({ reason: (r.reason ?? 'unknown') as HandoffReason | 'unknown', count: Number(r.n) })),
        channels: channels.map((ch) => ({ channel: String(ch['channel']), conversations: Number(ch['total']), handedOff: Number(ch['handed']), botResolutionRate: Number(ch['total']) ? (Number(ch['total']) - Number(ch['handed'])) / Number(ch['total']) : 0, csatAverage: num(ch['csat']) })),
        groups: groups.map((g) => ({ group: String(g['grp']), handedOff: Number(g['handed']), waitMedianSeconds: num(g['wait_median']), firstResponseMedianSeconds: num(g['frt_median']), csatAverage: num(g['csat']) })),
        topEntries: entries.map((e) => ({ entryId: e.entry_id, count: Number(e.n) })),
        topUnanswered: unanswered.map((u) => ({ text: u.text, count: Number(u.n) })),
      };
    },
  };
}

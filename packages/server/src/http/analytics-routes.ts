import type { Bot } from '@chatbot/core';
import type { AnalyticsReport } from '@chatbot/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ServerError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import { csvFile, csvLine } from './csv-cell.ts';
import { checkDayRange, DAY } from './date-query.ts';
import { writeXlsx, XLSX_TYPE } from './xlsx-sheet.ts';

/** Dashboard figures over a date range, their CSV export, and the visitors' interest tags for marketing. */
export function registerAnalyticsRoutes(app: FastifyInstance, deps: { store: Store; bot: () => Bot; requireAgent: (r: FastifyRequest) => Promise<void>; requireAdmin: (r: FastifyRequest) => Promise<void> }) {
  const { store } = deps;
  const security = [{ bearer: [] }];
  const rangeQuery = { type: 'object', properties: { from: { type: 'string', pattern: DAY.source }, to: { type: 'string', pattern: DAY.source }, tz: { type: 'string', maxLength: 64 }, channel: { type: 'string', maxLength: 40 } } } as const;

  async function report(query: { from?: string; to?: string; tz?: string; channel?: string }): Promise<AnalyticsReport> {
    const tz = checkDayRange(query);
    const to = query.to ?? new Date().toISOString().slice(0, 10);
    const from = query.from ?? new Date(Date.parse(to) - 29 * 86_400_000).toISOString().slice(0, 10);
    if (from > to) throw new ServerError('BAD_REQUEST', '"from" is after "to"');
    if (Date.parse(to) - Date.parse(from) > 731 * 86_400_000) throw new ServerError('BAD_REQUEST', 'the range is limited to two years');
    const { topEntries, daily, ...rest } = await store.analytics({ from, to, tz, ...(query.channel ? { channel: query.channel } : {}) });
    const bot = deps.bot();
    // Every day of the range, quiet days included, so a chart shows the gaps.
    const byDay = new Map(daily.map((d) => [d.day, d]));
    const days: AnalyticsReport['daily'] = [];
    for (let t = Date.parse(from); t <= Date.parse(to); t += 86_400_000) {
      const dayKey = new Date(t).toISOString().slice(0, 10);
      days.push(byDay.get(dayKey) ?? { day: dayKey, conversations: 0, botResolved: 0, handedOff: 0, csatAverage: null });
    }
    return { ...rest, daily: days, topQuestions: topEntries.map((e) => ({ ...e, question: bot.getEntry(e.entryId)?.questions[0] ?? `(deleted entry ${e.entryId})` })) };
  }

  app.get('/api/analytics', {
    onRequest: deps.requireAgent,
    schema: { tags: ['stats'], security, summary: 'Conversations per day, bot resolution and hand-off rates and reasons, first response and wait times, CSAT, top questions and unanswered, per channel (default: the last 30 days, UTC)', querystring: rangeQuery },
  }, async (request) => report(request.query as Record<string, string>));

  app.get('/api/analytics/export', {
    onRequest: deps.requireAgent,
    schema: { tags: ['stats'], security, summary: 'The same figures as CSV: one row per day, then the totals', querystring: rangeQuery },
  }, async (request, reply) => {
    const r = await report(request.query as Record<string, string>);
    const lines = [csvLine(['day', 'conversations', 'bot_resolved', 'handed_off', 'csat_average'])];
    for (const d of r.daily) lines.push(csvLine([d.day, d.conversations, d.botResolved, d.handedOff, d.csatAverage === null ? null : d.csatAverage.toFixed(2)]));
    const t = r.totals;
    lines.push(csvLine(['total', t.conversations, t.botResolved, t.handedOff, t.csat.average === null ? null : t.csat.average.toFixed(2)]));
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="analytics-${r.range.from}-${r.range.to}.csv"`).send(csvFile(lines));
  });

  app.get('/api/visitors/export', {
    onRequest: deps.requireAdmin,
    schema: { tags: ['conversations'], security, summary: "Visitors with the interest tags they accumulated (from the entries they asked about), optionally only those carrying all of `tags` (comma-separated)", querystring: { type: 'object', properties: { tags: { type: 'string', maxLength: 500 }, format: { type: 'string', enum: ['csv', 'xlsx'] } } } },
  }, async (request, reply) => {
    const { tags, format = 'csv' } = request.query as { tags?: string; format?: 'csv' | 'xlsx' };
    const members = await store.findVisitors({ tags: (tags ?? '').split(',').map((t) => t.trim()).filter(Boolean) });
    const header = ['visitor_id', 'channel', 'name', 'language', 'tags', 'last_seen_at', 'blocked'];
    const rows = members.map(({ visitor: v, lastSeenAt }) => [v.id, v.channel, v.name ?? '', v.language ?? '', v.tags.join('|'), lastSeenAt ?? '', v.blocked ? 'yes' : 'no']);
    if (format === 'xlsx') return reply.type(XLSX_TYPE).header('content-disposition', 'attachment; filename="visitors.xlsx"').send(await writeXlsx('visitors', header, rows));
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="visitors.csv"').send(csvFile([header, ...rows].map(csvLine)));
  });
}

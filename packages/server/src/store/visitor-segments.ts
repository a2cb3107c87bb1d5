import type { VisitorRecord } from './records.ts';
import { visitorFrom, type Row } from './rows.ts';
import type { SqlClient } from './sql-client.ts';

export interface Segment {
  /** Visitors carrying every one of these interest tags. */
  tags?: readonly string[];
  /** Last visitor message at least this many days ago. */
  inactiveDays?: number;
  /** Last visitor message within this many days. */
  seenWithinDays?: number;
  channels?: readonly string[];
  limit?: number;
}

export interface SegmentMember {
  visitor: VisitorRecord;
  lastSeenAt: string | null;
}

/** Visitors by interest tags and activity: for marketing exports and proactive messages. */
export function visitorSegments(db: SqlClient) {
  return {
    async findVisitors(segment: Segment): Promise<SegmentMember[]> {
      const rows = await db.query<Row & { last_seen: Date | null }>(
        `select v.*, s.last_seen from visitors v
           left join lateral (select max(m.created_at) as last_seen from conversations c join messages m on m.conversation_id = c.id
                               where c.visitor_id = v.id and m.type = 'visitor-text') s on true
          where v.tags @> $1::jsonb
            and ($2::int is null or s.last_seen <= now() - make_interval(days => $2::int))
            and ($3::int is null or s.last_seen >= now() - make_interval(days => $3::int))
            and ($4::text[] is null or v.channel = any($4::text[]))
          order by s.last_seen desc nulls last limit $5`,
        [JSON.stringify(segment.tags ?? []), segment.inactiveDays ?? null, segment.seenWithinDays ?? null, segment.channels?.length ? [...segment.channels] : null, segment.limit ?? 100_000],
      );
      return rows.map((row) => ({ visitor: visitorFrom(row), lastSeenAt: row.last_seen ? new Date(row.last_seen).toISOString() : null }));
    },
  };
}

export interface CannedReply {
  id: string;
  title: string;
  text: string;
}

/** At most this many replies are offered at once. */
export const PICKER_SIZE = 6;

/**
 * What a reply box starting with "/" asks for: "/退款" → "退款"; undefined when the box is no such request
 * (no leading slash, or a second line: the agent is writing).
 */
export function cannedQuery(box: string): string | undefined {
  return box.startsWith('/') && !box.includes('\n') ? box.slice(1).trim().toLowerCase() : undefined;
}

/** The canned replies matching a query: titles starting with it first, then titles and texts containing it. */
export function matchCanned(replies: readonly CannedReply[], query: string): CannedReply[] {
  const rank = (r: CannedReply) => {
    const title = r.title.toLowerCase();
    if (title.startsWith(query)) return 0;
    if (title.includes(query)) return 1;
    return r.text.toLowerCase().includes(query) ? 2 : undefined;
  };
  return replies
    .map((reply) => ({ reply, rank: rank(reply) }))
    .filter((r): r is { reply: CannedReply; rank: number } => r.rank !== undefined)
    .sort((a, b) => a.rank - b.rank)
    .slice(0, PICKER_SIZE)
    .map((r) => r.reply);
}

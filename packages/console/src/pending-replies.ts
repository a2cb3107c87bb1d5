/**
 * Replies on their way to the server: one at a time per conversation (a double Enter or double click sends once),
 * and one clientId per draft until the server acknowledges it, so sending the same draft again after a lost
 * answer is the same message to the server, which stores it once.
 *
 * @example
 * const result = await pending.send(conversationId, 'reply:您好', (clientId) => live.call('conversation:reply', { conversationId, clientId, text: '您好' }));
 * if (result === undefined) return; // the first Enter's reply is still on its way
 */
export class PendingReplies {
  private readonly sending = new Set<string>();
  private readonly clientIds = new Map<string, { draft: string; clientId: string }>();

  async send<R extends { ok: boolean }>(conversationId: string, draft: string, post: (clientId: string) => Promise<R>): Promise<R | undefined> {
    if (this.sending.has(conversationId)) return undefined;
    const kept = this.clientIds.get(conversationId);
    const clientId = kept?.draft === draft ? kept.clientId : crypto.randomUUID();
    this.clientIds.set(conversationId, { draft, clientId });
    this.sending.add(conversationId);
    try {
      const result = await post(clientId);
      if (result.ok) this.clientIds.delete(conversationId);
      return result;
    } finally {
      this.sending.delete(conversationId);
    }
  }
}

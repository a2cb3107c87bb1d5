import type { ChatMessage, HandoffReason, WebhookData, WebhookEvent } from '@chatbot/protocol';

const REASONS: Record<HandoffReason, string> = {
  'visitor-request': '访客要求人工 / asked for a person',
  'no-answer': '机器人答不上 / the bot could not answer',
  'negative-feedback': '回答没帮上忙 / a bot answer did not help',
  keyword: '关键词 / keyword',
  'agent-pick': '客服主动接入 / picked by an agent',
};

const TITLES: Record<WebhookEvent | 'ping', string> = {
  'conversation.queued': '有访客等待人工客服 / A visitor is waiting for a person',
  'conversation.assigned': '客服已接入 / An agent took a conversation',
  'conversation.transferred': '会话已转接 / A conversation was transferred',
  'conversation.returned-to-bot': '会话已交回机器人 / A conversation went back to the bot',
  'conversation.closed': '会话已结束 / A conversation was closed',
  'conversation.rated': '访客评价 / A visitor rated a conversation',
  'message.created': '新消息 / New message',
  'left-message.created': '访客留言 / A visitor left a message',
  ping: '测试消息 / Test message',
};

const MAX_QUOTE = 200;
const quote = (text: string) => (text.length > MAX_QUOTE ? `${text.slice(0, MAX_QUOTE)}…` : text);

function messageLine(message: ChatMessage): string | undefined {
  const who = message.type.startsWith('visitor') ? '访客' : message.type.startsWith('agent') || message.type === 'note' ? '客服' : message.type === 'system' ? '系统' : '机器人';
  if ('text' in message) return `${who}: ${quote(message.text)}`;
  if ('file' in message) return `${who}: 📎 ${message.file.name}`;
  return undefined;
}

/**
 * The few lines a group-robot alert (WeCom, DingTalk, Feishu) shows: what happened, who, why, what was said,
 * and a link to the console when the server knows its public address.
 */
export function alertLines(event: WebhookEvent | 'ping', data: WebhookData, consoleUrl?: string): { title: string; lines: string[] } {
  const lines: string[] = [];
  const conversation = data.conversation;
  if (conversation) {
    const visitor = conversation.visitor;
    lines.push(`访客 / Visitor: ${visitor.name ?? visitor.visitorId.slice(0, 8)} (${visitor.channel})`);
    if (event === 'conversation.queued' && conversation.handoffReason) lines.push(`原因 / Why: ${REASONS[conversation.handoffReason]}`);
  }
  if (data.rating) lines.push(`评分 / Rating: ${'★'.repeat(data.rating.score)}${'☆'.repeat(5 - data.rating.score)}${data.rating.comment ? ` “${quote(data.rating.comment)}”` : ''}`);
  if (data.leftMessage) lines.push(`联系方式 / Contact: ${data.leftMessage.name ? `${data.leftMessage.name}, ` : ''}${data.leftMessage.contact}`, `留言 / Message: ${quote(data.leftMessage.text)}`);
  for (const message of data.recentMessages ?? []) {
    const line = messageLine(message);
    if (line) lines.push(line);
  }
  if (data.message) {
    const line = messageLine(data.message);
    if (line) lines.push(line);
  }
  if (conversation && consoleUrl) lines.push(`${consoleUrl}#${conversation.id}`);
  return { title: TITLES[event], lines };
}

/** Positive, negative or unknown: how a reply to a yes/no question is branched (as in outbound-call scripts). */
export type ReplyIntent = 'positive' | 'negative' | 'unknown';

const NEGATIVE = /(不是|不要|不用|不需要|不行|不对|不可以|没有|不了|算了|否|^不$|^no\b|\bnope\b|\bnot\b|\bdon'?t\b|\bno thanks\b|\bwrong\b)/i;
const POSITIVE = /(是的|^是|对的|^对|好的|^好|可以|行|没问题|确认|确定|要的|^要|^嗯|当然|\byes\b|\byeah\b|\byep\b|\bsure\b|\bok\b|\bokay\b|\bcorrect\b|\bconfirm\b|\bright\b|\bof course\b)/i;
const CANCEL = /^(取消|算了|不约了|不办了|退出|结束|不要了|cancel|stop|quit|never ?mind|forget it)[!！。.\s]*$/i;

/** Negation first, so "不可以" is negative though it contains "可以". */
export function replyIntent(text: string): ReplyIntent {
  const t = text.trim();
  if (NEGATIVE.test(t)) return 'negative';
  if (POSITIVE.test(t)) return 'positive';
  return 'unknown';
}

/** The visitor leaves the flow ("取消", "cancel"). */
export function isCancel(text: string): boolean {
  return CANCEL.test(text.trim());
}

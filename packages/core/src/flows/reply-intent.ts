/** Positive, negative or unknown: how a reply to a yes/no question is branched (as in outbound-call scripts). */
export type ReplyIntent = 'positive' | 'negative' | 'unknown';

/** Yes in words that hold a no: "没问题", "yes, I don't mind". */
const POSITIVE_DESPITE_NEGATION = /(没问题|没有问题|没毛病|不介意|无所谓|不错|\bno problem\b|\bnot a problem\b|\bdon'?t mind\b|\bwhy not\b)/i;
const NEGATIVE = /(不是|不要|不用|不需要|不行|不对|不可以|没有|不了|算了|否|^不$|^no\b|\bnope\b|\bnot\b|\bdon'?t\b|\bno thanks\b|\bwrong\b)/i;
const POSITIVE = /(是的|^是|对的|^对|好的|^好|可以|行|确认|确定|要的|^要|^嗯|当然|\byes\b|\byeah\b|\byep\b|\bsure\b|\bok\b|\bokay\b|\bcorrect\b|\bconfirm\b|\bright\b|\bof course\b)/i;
/** A question is not an answer, though "试听课可以退款吗" holds 可以 and "是否可以换老师" holds 否. */
const QUESTION = /([?？]|[吗么呢][\s。.!！~～]*$|是否|能不能|可不可以|可否|有没有|怎么|什么|为什么|为啥|多少|几点|哪|^(can|could|is|are|do|does|will|would|what|how|why|when|where|which|who)\b)/i;

const CANCEL_ZH = /^(我要|我想|我|请|帮我|那就|还是)?(取消|算了|不约了|不办了|退出|结束|不要了)(吧|了|预约|报名|这个|一下)*[!！。.~～\s]*$/;
const CANCEL_EN = /^(please\s+|i want to\s+|i'd like to\s+|i would like to\s+|let's\s+)?(cancel|stop|quit|never ?mind|forget it)(\s+(it|this|that|please|the booking|now))*[!.\s]*$/i;

/** Negation first, so "不可以" is negative though it contains "可以"; a question is neither. */
export function replyIntent(text: string): ReplyIntent {
  const t = text.trim();
  if (POSITIVE_DESPITE_NEGATION.test(t)) return 'positive';
  if (QUESTION.test(t)) return 'unknown';
  if (NEGATIVE.test(t)) return 'negative';
  if (POSITIVE.test(t)) return 'positive';
  return 'unknown';
}

/** The visitor leaves the flow ("取消", "我要取消", "cancel please"). */
export function isCancel(text: string): boolean {
  const t = text.trim();
  return CANCEL_ZH.test(t) || CANCEL_EN.test(t);
}

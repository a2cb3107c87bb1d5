/** Positive, negative or unknown: how a reply to a yes/no question is branched (as in outbound-call scripts). */
export type ReplyIntent = 'positive' | 'negative' | 'unknown';

/** Yes in words that hold a no: "没问题", "yes, I don't mind". */
const POSITIVE_DESPITE_NEGATION = /(没问题|没有问题|没毛病|不介意|无所谓|不错|\bno problem\b|\bnot a problem\b|\bdon'?t mind\b|\bwhy not\b)/i;
const NEGATIVE = /(不是|不要|不用|不需要|不行|不对|不可以|没有|不了|算了|否|^不$|^no\b|^n$|\bnope\b|\bnah\b|\bnot now\b|\bnot really\b|\bdon'?t\b|\bno thanks\b|\bwrong\b)/i;
const POSITIVE = /(是的|^是|对的|^对|没错|好的|^好|可以|行|确认|确定|要的|^要|^嗯|当然|\byes\b|^y$|\byeah\b|\byep\b|\byup\b|\bsure\b|\bok\b|\bokay\b|\bcorrect\b|\bconfirm|\bright\b|\bof course\b|\babsolutely\b|\bdefinitely\b|\bsounds good\b|\bgo ahead\b|\bplease do\b|\bperfect\b)/i;
/** Unsure, or yes-but: no answer to act on ("I'm not sure", "yes but the phone number is wrong"). */
const UNSURE = /(不确定|不知道|再想想|考虑一下|想一想|但是|不过|\bnot sure\b|\bunsure\b|\bi don'?t know\b|\bmaybe\b|\bbut\b|\bthink about it\b)/i;
/** Chinese words that ask for information, in both kinds of question below. */
const ZH_QUESTION_WORDS = '怎么|什么|为什么|为啥|多少|几点|哪';
/** A question is not an answer, though "试听课可以退款吗" holds 可以 and "是否可以换老师" holds 否. */
const QUESTION = new RegExp(`([?？]|[吗么呢][\\s。.!！~～]*$|是否|能不能|可不可以|可否|有没有|${ZH_QUESTION_WORDS}|^(can|could|is|are|do|does|will|would|what|how|why|when|where|which|who)\\b)`, 'i');

const CANCEL_ZH = /^(我要|我想|我|请|帮我|那|那就|还是)?(取消|算了|不约了|不预约了|不办了|退出|结束|不要了|不想约了|不想预约了|不想报了|不想办了|我不想预约了|我不约了)(吧|了|啦|预约|报名|这个|一下)*$/;
const CANCEL_EN = /^(please |i want to |i'd like to |i would like to |let's |can you |could you )?(cancel|stop|quit|never ?mind|forget (about )?it|i('ve| have)? changed my mind|no thanks|no thank you)( (it|this|that|please|the booking|my booking|the appointment|my appointment|now|then))*$/i;
/** What may follow a cancel without changing it: thanks, punctuation ("算了，不约了，谢谢", "never mind, thanks"). */
const TRAILING_COURTESY = /([\s\p{P}]*(谢谢|谢了|thanks|thank you))*[\s\p{P}]*$/iu;

/** A question that asks for information ("有什么区别", "how long"), not only yes or no. */
const OPEN_QUESTION = new RegExp(`(${ZH_QUESTION_WORDS}|几个|区别|\\b(how|what|when|where|why|which|who|difference)\\b)`, 'i');

/** Whether a reply asks for information ("数学和编程有什么区别") rather than giving a value, even a polite "明天可以吗". */
export function isOpenQuestion(text: string): boolean {
  return OPEN_QUESTION.test(text);
}

/** Whether a reply asks something ("孩子五年级可以吗", "can my 3 kids join together?") rather than only answering. */
export function isQuestion(text: string): boolean {
  return QUESTION.test(text.trim());
}

/** Negation first, so "不可以" is negative though it contains "可以"; a question is neither. */
export function replyIntent(text: string): ReplyIntent {
  const t = text.trim();
  if (POSITIVE_DESPITE_NEGATION.test(t)) return 'positive';
  if (QUESTION.test(t) || UNSURE.test(t)) return 'unknown';
  if (NEGATIVE.test(t)) return 'negative';
  if (POSITIVE.test(t)) return 'positive';
  return 'unknown';
}

/** The visitor leaves the flow ("取消", "我要取消", "cancel please"). */
export function isCancel(text: string): boolean {
  // "算了，不约了" is two cancels: each clause is tried, with courtesy and punctuation around it dropped.
  const t = text.trim().replace(/[\s\p{P}]+$/u, '');
  if (CANCEL_ZH.test(t) || CANCEL_EN.test(t)) return true;
  const clauses = t.replace(TRAILING_COURTESY, '').split(/[\s]*[,，;；。!！][\s]*/u).map((c) => c.replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, '')).filter(Boolean);
  return clauses.length > 0 && clauses.every((c) => CANCEL_ZH.test(c) || CANCEL_EN.test(c));
}

/** "我要预约试听" starts a flow; "I don't want to book a trial" and "预约试听要多少钱" do not. */
export function isRequest(text: string): boolean {
  return !/(不想|不要|不用|不需要|\bdon'?t\b|\bdo not\b|\bnot\b)/i.test(text) && !OPEN_QUESTION.test(text);
}

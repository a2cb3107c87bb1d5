/**
 * What kind of figure a question asks for: how often ("多久一次", "how often"), a length of time ("要几天",
 * "how long"), a price ("多少钱", "how much"), a number of people ("几个人", "how many students") or the days
 * and hours something happens ("周日有人吗", "几点", "on weekends"), a discount ("有折扣吗", "cheaper if I renew?"), a
 * fee of any kind ("要运费吗", "手续费"; not 退费, 免费, 费时), or
 * an age: asked ("几岁能学") or given to ask whether it fits ("三岁可以学吗", "is 3 too young"), or a way to reach
 * us ("你们电话多少", "what's your phone number": an answer stating a phone number or an email address).
 */
export type Measure = 'frequency' | 'duration' | 'discount' | 'price' | 'headcount' | 'schedule' | 'age' | 'contact';

const ASKS: Record<Measure, RegExp> = {
  // Before duration: "多久一次" asks how often, not how long.
  frequency: /(?:多久|多长时间|隔几天|隔多久)(?:出|发|来|上|做|有)?[一1](?:次|份|回|节)|\bhow often\b|\bhow frequently\b/i,
  duration: /多久|多长(?!得)|几天|几个?小时|几分钟|几周|几个月|多少天|什么时候(到|能到|收到)|\bhow long\b|\bhow many (days|hours|weeks|minutes)\b|\bwhen will\b/i,
  discount: /折扣|打折|优惠|便宜|\bdiscounts?\b|\bcheaper\b|\bdeals?\b/i,
  price: /多少钱|什么价|价格|收费|(?<![退免浪消])费(?![时劲心力])|要钱|收钱|付费|花钱|贵不贵|(?:最少|最低|至少)(?:要|得)?(?:买|花|付)多少|满多少|\bhow much\b|\bcost\b|\bprice\b|\bfee\b|\bcharge\b|\bpay (for|extra)\b/i,
  headcount: /几个?(?:人|孩子|学生|小朋友)|多少(?:个)?(?:人|孩子|学生|小朋友)|\bhow many (people|students|children|kids|learners)\b|\b(class|group) size\b/i,
  schedule: /几点|周[一二三四五六日天末]|星期[一二三四五六日天]|礼拜[一二三四五六日天]|节假日|假期|晚上|早上|\b(weekends?|saturdays?|sundays?|holidays?|evenings?|mornings?|what time)\b/i,
  // Normalisation writes 三岁 as 3岁 before the stages see it.
  age: /\d+\s*周?岁|几岁|\b(?:son|daughter|kid|child|boy|girl)\s+(?:is|turned|just turned)\s+(?:only\s+)?\d+\b|多大(?:的)?(?:孩子|小朋友|年龄)|(?:孩子|小朋友)(?:要)?多大|年龄|\bhow old\b|\bwhat ages?\b|\b\d+\s*(?:years? old|-year-old)\b|\btoo (?:young|old)\b/i,
  // Your number, not mine: "我的手机号" and "change my phone number" ask about the visitor's account.
  contact: /(?:客服|联系|你们的?|公司的?)(?:电话|热线|邮箱)|(?:电话|热线|邮箱|联系方式)(?:号码?)?(?:是)?(?:多少|几号|是什么|是啥)|\b(?:your|customer service|support|office)\s+(?:phone|telephone|contact)\s+number\b|\bhotline\b|\byour\s+e-?mail(?:\s+address)?\b|\bcall you\b/i,
};

const STATES: Record<Measure, RegExp> = {
  frequency: /每(?:天|日|周|星期|个?月|年|节课|学期)|\b(daily|weekly|monthly|every (day|week|month|lesson|term)|after every|each (week|month|lesson))\b/i,
  duration: /(?:\d+|[一二两三四五六七八九十百半]+)\s*(?:[–~-]\s*\d+\s*)?(?:个)?(?:工作日|天|小时|分钟|周|个月|年)|\d+\s*(?:[–-]\s*\d+\s*)?[- ]?(?:working days?|days?|hours?|minutes?|weeks?|months?|years?)\b/i,
  discount: /\d+(?:\.\d+)?\s*折|立减|\d+\s*%\s*off\b|\b\d+\s*(?:CNY|RMB|yuan|dollars?)\s+off\b/i,
  price: /(?:\d+|[一二两三四五六七八九十百千万]+)\s*(?:元|块)|[¥$£€]\s*\d|\d+\s*(?:CNY|RMB|yuan|dollars?|pounds?)\b/i,
  headcount: /(?:\d+|[一二两三四五六七八九十]+)\s*(?:[–~-]\s*\d+\s*)?(?:个)?(?:人|名|位|孩子|学生)|\d+\s*(?:[–-]\s*\d+\s*)?(?:people|students|children|kids|learners)\b/i,
  schedule: /\d{1,2}:\d{2}|每天|周[一二三四五六日天末]|星期|节假日|全年|\b(every day|daily|weekdays?|weekends?|holidays?|sundays?|saturdays?)\b/i,
  age: /\d+\s*(?:[–~-]\s*\d+\s*)?周?岁|\b(?:ages?|aged)\s+\d+|\d+\s*(?:[–-]\s*\d+\s*)?[- ]?years?[- ]olds?\b/i,
  contact: /\b\d{3,4}-\d{3,4}-\d{3,4}\b|\b1\d{10}\b|[\w.+-]+@[\w-]+\.[\w.-]+/,
};

/**
 * Asking how or where to pay ("怎么付费", "how can I pay for lessons") asks for a way to pay, not a price: the entry
 * on buying lessons answers it without stating one. 收费 stays a price ("怎么收费": how do you charge).
 */
const HOW_TO_PAY = /(?:怎么|怎样|如何|在哪里?|去哪里?|哪里|用什么)(?:付|交|缴)(?:费|钱|款)|\b(?:how|where)\s+(?:do|can|could|should|would|may)\s+(?:i|we)\s+pay\b(?:\s+(?:for|extra))?|\bways?\s+to\s+pay\b(?:\s+for)?/gi;

/**
 * A day or time next to pausing, moving or cancelling lessons ("we're going on holiday, can we pause", "周末可以调课吗")
 * says when the change is for; the entry on that change answers it without opening hours.
 */
const CHANGES_LESSONS = /暂停|停课|请假|调课|改时间|冻结|\b(?:pause|freeze|cancel|reschedule|postpone|skip|move)\b/i;

export function askedMeasure(text: string): Measure | undefined {
  const asked = text.replace(HOW_TO_PAY, ' ');
  return (Object.keys(ASKS) as Measure[]).find((measure) => ASKS[measure].test(asked) && !(measure === 'schedule' && CHANGES_LESSONS.test(asked)));
}

/** "Free" states a price too, nothing ("免费调课" answers "要钱吗"), but not an amount. */
const FREE = /免费|不收费|\bfree\b|\bno charge\b/i;

/**
 * True when the text states a figure of that kind ("3 个工作日", "25-minute", "180 元", "4–6 人", "每月",
 * "9:00–21:00", "85 折"); a price also by "免费" / "free", unless `amountOnly`: an answer saying some service is
 * free answers "要钱吗" about that service, but is no answer to "how much is it" about another.
 */
export function statesMeasure(text: string, measure: Measure, amountOnly = false): boolean {
  return STATES[measure].test(text) || (measure === 'price' && !amountOnly && FREE.test(text));
}

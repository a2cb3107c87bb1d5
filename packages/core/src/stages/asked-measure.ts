/** What kind of figure a question asks for: a length of time ("要几天", "how long") or a price ("多少钱", "how much"). */
export type Measure = 'duration' | 'price';

const ASKS: Record<Measure, RegExp> = {
  duration: /多久|多长时间|几天|几个?小时|几分钟|几周|几个月|多少天|什么时候(到|能到|收到)|\bhow long\b|\bhow many (days|hours|weeks|minutes)\b|\bwhen will\b/i,
  price: /多少钱|什么价|价格|收费|贵不贵|\bhow much\b|\bcost\b|\bprice\b|\bfee\b/i,
};

const STATES: Record<Measure, RegExp> = {
  duration: /\d+\s*(?:[–~-]\s*\d+\s*)?(?:个)?(?:工作日|天|小时|分钟|周|个月|年)|\d+\s*(?:[–-]\s*\d+\s*)?[- ]?(?:working days?|days?|hours?|minutes?|weeks?|months?|years?)\b/i,
  // "Free" states a price too: nothing ("免费调课" answers "要钱吗").
  price: /\d+\s*(?:元|块)|[¥$£€]\s*\d|\d+\s*(?:CNY|RMB|yuan|dollars?|pounds?)\b|免费|不收费|\bfree\b|\bno charge\b/i,
};

export function askedMeasure(text: string): Measure | undefined {
  return (Object.keys(ASKS) as Measure[]).find((measure) => ASKS[measure].test(text));
}

/** True when the text states a figure of that kind ("3 个工作日", "25-minute", "180 元", "免费"). */
export function statesMeasure(text: string, measure: Measure): boolean {
  return STATES[measure].test(text);
}

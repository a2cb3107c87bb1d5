/** Phrases that ask for a person, in Chinese and English (matched on the whole, trimmed message or as a phrase). */
export const DEFAULT_HANDOFF_KEYWORDS = ['转人工', '人工客服', '人工服务', '找人工', '真人', '客服在吗', '人工', 'human', 'agent', 'real person', 'talk to a person', 'speak to a person', 'talk to a human', 'customer service'];

/**
 * Words that hold a keyword but ask for no person: 人工智能 (AI) holds 人工; "你是真人吗" / "are you a real person?"
 * asks what the bot is (small talk answers, and says how to reach a person).
 */
const NOT_A_PERSON = /人工智能|(你|您)(是不是|是)(个)?真人(吗|么)?|\bare you (a )?(real person|human)\b/g;

export function asksForHuman(text: string, keywords: readonly string[] = DEFAULT_HANDOFF_KEYWORDS): boolean {
  const t = text.trim().toLowerCase().replace(NOT_A_PERSON, ' ');
  if (!t) return false;
  return keywords.some((k) => (/^[a-z ]+$/.test(k) ? new RegExp(`(^|\\b)${k}(\\b|$)`).test(t) && t.length <= k.length + 20 : t.includes(k)));
}

/** Whether a message asks something besides a person ("转人工 我的订单有问题": yes; "人工客服！": no). */
export function asksBesidesHandoff(text: string, keywords: readonly string[] = DEFAULT_HANDOFF_KEYWORDS): boolean {
  let rest = text.toLowerCase();
  for (const k of [...keywords].sort((a, b) => b.length - a.length)) rest = rest.split(k.toLowerCase()).join(' ');
  return rest.replace(/[\p{P}\p{S}\s]+/gu, ' ').trim().length >= 2;
}

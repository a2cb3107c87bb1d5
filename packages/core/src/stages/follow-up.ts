/** Words that mark a follow-up which leaves out its topic or aspect ("那小班课呢", "and on phones?"). */
const ZH_LEADS = ['那', '那么', '还有', '另外', '那如果', '如果是', '换成', '那要是'];
const ZH_TAILS = ['呢', '呢？', '呢?'];
const EN_LEADS = ['and ', 'what about ', 'how about ', 'and for ', 'and on ', 'what if ', 'same for ', 'also ', 'for ', 'on ', 'with ', 'without '];
/** Pronouns that point back to what was just asked about ("how long does it take" after "how do I get an invoice"). */
const EN_REFERENCE = /\b(it|its|they|them|these|those)\b/;
const ZH_REFERENCE = ['它', '这个', '那个', '这些', '那些'];
/** Adverbs that open a question whose subject is left out, as a pronoun would stand for it ("都有教学经验吗": do they all…). */
const ZH_SUBJECTLESS_LEADS = ['都', '也'];

/** True when the text points back with a pronoun ("how long does it take", "这个多久能到") or leaves its subject out ("都有教学经验吗"). */
export function pointsBack(normalized: string): boolean {
  const text = normalized.trim();
  return EN_REFERENCE.test(text) || ZH_REFERENCE.some((word) => text.includes(word)) || ZH_SUBJECTLESS_LEADS.some((lead) => text.startsWith(lead));
}

/** True when the text opens or ends as a follow-up does ("那小班课呢", "and on phones?"). */
export function hasFollowUpLeadOrTail(normalized: string): boolean {
  const text = normalized.trim();
  if (!text) return false;
  return ZH_LEADS.some((lead) => text.startsWith(lead)) || ZH_TAILS.some((tail) => text.endsWith(tail.replace(/[？?]/, ''))) || EN_LEADS.some((lead) => `${text} `.startsWith(lead));
}

/** True when the text reads like a follow-up that relies on the previous question (its lead, its tail, or a pronoun for what was asked about). */
export function looksLikeFollowUp(normalized: string): boolean {
  return hasFollowUpLeadOrTail(normalized) || pointsBack(normalized.trim());
}

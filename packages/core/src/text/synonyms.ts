import { CoreError, type KnowledgeProblem } from '../errors.ts';
import { normalizeText } from './normalize-text.ts';
import { hasHan } from './script.ts';

/** Groups of words that mean the same in this business; the first of each is the one the bot keeps. */
export type SynonymGroups = readonly (readonly string[])[];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A rewriter of normalised text that replaces every variant with its group's first word, in one pass,
 * longest variant first: Chinese variants wherever they occur, Latin ones as whole words. Words are
 * normalised like questions, so "１对１" and "一对一" are the same variant. Throws CORE_SYNONYMS_INVALID
 * listing every bad group (by its number, as `line`): fewer than two words, a one-character Chinese variant
 * (it would rewrite inside other words: 卡 in 信用卡), or a variant claimed by two groups.
 *
 * @example createSynonymRewriter([['固定', '锁定'], ['数学竞赛', '奥数']])('有奥数吗') // '有数学竞赛吗'
 */
export function createSynonymRewriter(groups: SynonymGroups, lines?: readonly number[]): (normalized: string) => string {
  const canonicalOf = new Map<string, string>();
  const problems: KnowledgeProblem[] = [];
  groups.forEach((group, i) => {
    const line = lines?.[i] ?? i + 1;
    const words = [...new Set(group.map((w) => normalizeText(String(w))).filter(Boolean))];
    if (words.length < 2) return problems.push({ line, message: 'a group needs at least two different words' });
    const [canonical, ...variants] = words as [string, ...string[]];
    for (const variant of variants) {
      const claimed = canonicalOf.get(variant);
      if (hasHan(variant) && [...variant].length < 2) problems.push({ line, message: `"${variant}" is one Chinese character: it would be replaced inside other words; use a longer phrase` });
      else if (claimed !== undefined && claimed !== canonical) problems.push({ line, message: `"${variant}" is already a variant of "${claimed}"` });
      else canonicalOf.set(variant, canonical);
    }
  });
  if (problems.length > 0) throw new CoreError('CORE_SYNONYMS_INVALID', `the synonym table has ${problems.length} problem${problems.length > 1 ? 's' : ''}; line ${problems[0]!.line}: ${problems[0]!.message}`, { problems });
  if (canonicalOf.size === 0) return (text) => text;
  const variants = [...canonicalOf.keys()].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(variants.map((v) => (hasHan(v) ? escape(v) : `(?<![a-z0-9])${escape(v)}(?![a-z0-9])`)).join('|'), 'gu');
  return (text) => text.replace(pattern, (variant) => canonicalOf.get(variant) ?? variant);
}

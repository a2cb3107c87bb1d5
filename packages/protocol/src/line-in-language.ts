const HAN = /[\u3400-\u9fff]/u;

/**
 * A bilingual line of the server's ("客服已接入。 / An agent has joined.") in the visitor's language: Chinese for
 * zh*, else English; any other text as it is.
 *
 * @example lineInLanguage('客服已接入。 / An agent has joined.', 'en') // 'An agent has joined.'
 */
export function lineInLanguage(text: string, language: string | null | undefined): string {
  const parts = text.split(' / ');
  if (parts.length !== 2 || !language) return text;
  const [chinese, english] = parts as [string, string];
  if (!HAN.test(chinese) || HAN.test(english)) return text;
  return language.toLowerCase().startsWith('zh') ? chinese : english;
}


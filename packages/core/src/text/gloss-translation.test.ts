import { describe, expect, it } from 'vitest';
import { chineseEnglishSenses } from '../adapters/chinese-english-dictionary.ts';
import { englishFrequencies } from '../adapters/english-dictionary.ts';
import { createJiebaSegmenter } from '../adapters/jieba-segmenter.ts';
import { createGlossTranslator } from './gloss-translation.ts';

describe('word-by-word English glosses', () => {
  const senses = new Map([
    ['课', ['subject', 'class', 'to levy']],
    ['课本', ['textbook']],
    ['试听', ['audition']],
    ['花呗', ['Ant Check Later']],
    ['花', ['flower']],
  ]);
  const segmentations: Record<string, string[]> = { 试听课有课本吗: ['试听课', '有', '课本', '吗'], 花呗: ['花', '呗'] };
  const counts: Record<string, number> = { subject: 100, class: 500, levy: 1, textbook: 50, audition: 20 };
  const translate = createGlossTranslator({ senses, segment: (han) => segmentations[han] ?? [han], frequency: (w) => counts[w] ?? 0 });

  it('picks the everyday sense, glosses an unknown word by its known parts and drops question particles', () => {
    expect(translate('试听课有课本吗')).toBe('audition class textbook');
  });

  it('joins single characters the segmenter left apart when together they are a dictionary word', () => {
    expect(translate('花呗')).toBe('Ant Check Later');
  });

  it('keeps English words as they are', () => {
    expect(translate('iPad 课本')).toBe('iPad textbook');
  });

  it('turns question words into English ones', () => {
    expect(translate('多少')).toBe('how much');
  });

  it('reads real questions with CC-CEDICT and jieba', () => {
    const segmenter = createJiebaSegmenter();
    const frequencies = englishFrequencies();
    const real = createGlossTranslator({ senses: chineseEnglishSenses(), segment: (han) => segmenter.segment(han), frequency: (w) => frequencies.get(w) ?? 0 });
    expect(real('一对一多少钱')).toBe('one-to-one how much money');
    expect(real('课本什么时候寄到')).toContain('textbook');
    expect(real('能用iPad上课吗')).toBe('can use iPad go to class');
  });
});

import { describe, expect, it } from 'vitest';
import { normalizeText } from './normalize-text.ts';
import { restoreContractions } from './restore-contractions.ts';

describe('restoreContractions', () => {
  it('rejoins the contractions normalisation split', () => {
    expect(restoreContractions(normalizeText("What's on my list? I don't know, I'm sure they'll say we've won"))).toBe("what's on my list i don't know i'm sure they'll say we've won");
    expect(restoreContractions(normalizeText('you’re right, it isn’t my mom’s card'))).toBe("you're right it isn't my mom's card");
  });

  it('leaves single letters that are not contractions alone', () => {
    expect(restoreContractions('vitamin d and plan b')).toBe('vitamin d and plan b');
    expect(restoreContractions('5 m run')).toBe('5 m run');
    expect(restoreContractions('退款 s 码')).toBe('退款 s 码');
  });
});

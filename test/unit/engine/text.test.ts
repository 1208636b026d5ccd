import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countWords, looseEqual, looseForm, looseHash, tokenize, wordHashes, wordsOf } from '../../../lambdas/core/engine/text.ts';

/** The token pattern tokenize() implements (with a hand-written scanner for ASCII text). */
const TOKEN = /[\p{L}\p{M}\p{N}]+(?:['’.,:\-\u2010\u2011][\p{L}\p{M}\p{N}]+)*|\s+|[^\s\p{L}\p{M}\p{N}]/gu;
const asciiProse = fc.array(fc.constantFrom(...'aZ09 \t\n\r\v\f\'.,:-;!?"()_`~x'.split('')), { maxLength: 40 }).map((chars) => chars.join(''));
const mixedProse = fc.array(fc.constantFrom(...'aZ09 \'.,:-’“”é\u0301\u00a0\u2010x'.split('')), { maxLength: 30 }).map((chars) => chars.join(''));

describe('Function: tokenize', () => {
  it('returns the same tokens as the Unicode token pattern, for ASCII and non-ASCII text', () => {
    fc.assert(
      fc.property(fc.oneof(asciiProse, mixedProse, fc.string()), (text) => {
        // Act / Assess
        expect(tokenize(text)).toEqual(text.match(TOKEN) ?? []);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('Function: looseEqual', () => {
  it('agrees with comparing the loose forms of the parts (figure separators are read inside a part)', () => {
    const parts = fc.array(fc.oneof(asciiProse, mixedProse), { maxLength: 4 });
    fc.assert(
      fc.property(parts, parts, (a, b) => {
        // Act / Assess
        expect(looseEqual(a, b)).toBe(a.map(looseForm).join('') === b.map(looseForm).join(''));
        expect(looseEqual(a, [...a, ''])).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('Function: wordHashes', () => {
  it('hashes each word wordsOf finds; with ASCII letters, equal word multisets give equal hash lists', () => {
    fc.assert(
      fc.property(fc.oneof(asciiProse, mixedProse), (text) => {
        // Prepare
        const shuffled = [...wordsOf(text)].reverse().join(' ').toUpperCase();

        // Act
        const { hashes, ascii } = wordHashes(text);

        // Assess
        expect(hashes.length).toBe(countWords(text));
        if (/^[\x00-\x7f]*$/.test(text)) expect(ascii).toBe(true);
        if (ascii) expect([...wordHashes(shuffled).hashes]).toEqual([...hashes]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('Function: looseHash', () => {
  it('is the FNV-1a hash of the loose form', () => {
    const fnv = (text: string) => {
      let hash = 0x811c9dc5;
      for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
      return hash >>> 0;
    };
    fc.assert(
      fc.property(fc.oneof(asciiProse, mixedProse, fc.string()), (text) => {
        // Act / Assess
        expect(looseHash(text)).toBe(fnv(looseForm(text)));
      }),
      { numRuns: 3000 },
    );
  });
});

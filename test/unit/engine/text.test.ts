import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeInline } from '../../../lambdas/core/engine/normalize.ts';
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

describe('Function: normalizeInline', () => {
  it('gives the same text as NFC, folding every whitespace run to one space and trimming', () => {
    const reference = (text: string) => text.normalize('NFC').replace(/[\s\u00a0\u2028\u2029\u200b\ufeff]+/gu, ' ').trim();
    const spaced = fc
      .array(fc.constantFrom(...'ab. \t\n\u00a0\u1680\u2000\u2001\u200a\u200b\u2028\u2029\u202f\u205f\u3000\ufeff\u0085“”—e\u0301\u212b\u0374\u2126ñ'.split('')), { maxLength: 30 })
      .map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.oneof(spaced, asciiProse, mixedProse, fc.string(), fc.string({ unit: 'grapheme' })), (text) => {
        // Act / Assess
        expect(normalizeInline(text)).toBe(reference(text));
      }),
      { numRuns: 5000 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeInline } from '../../../lambdas/core/engine/normalize.ts';
import { addStems, countWords, looseEqual, looseForm, looseHash, StemIndex, stem, tokenHashes, tokenize, wordHashes, wordsOf } from '../../../lambdas/core/engine/text.ts';

/** The token pattern tokenize() implements (text.ts's one scanner reads it with a table of character classes). */
const TOKEN = /[\p{L}\p{M}\p{N}]+(?:['’.,:\-\u2010\u2011][\p{L}\p{M}\p{N}]+)*|\s+|[^\s\p{L}\p{M}\p{N}]/gu;
const asciiProse = fc.array(fc.constantFrom(...'aZ09 \t\n\r\v\f\'.,:-;!?"()_`~x'.split('')), { maxLength: 40 }).map((chars) => chars.join(''));
const mixedProse = fc.array(fc.constantFrom(...'aZ09 \'.,:-’“”é\u0301\u00a0\u2010x'.split('')), { maxLength: 30 }).map((chars) => chars.join(''));
/** Symbols that are neither letters nor punctuation, astral letters and emoji, lone surrogates, case pairs that lower-case to two units. */
const symbolProse = fc
  .array(fc.constantFrom('a', 'Z', '0', '9', ' ', '.', '-', '’', '€', '°', '§', '©', '×', '¿', '\u00ad', '😀', '𝐀', '𝟙', '\ud800', '\udc00', '\u3000', 'İ', 'Σ', '\u2028'), { maxLength: 30 })
  .map((chars) => chars.join(''));
const WORD_START = /^[\p{L}\p{M}\p{N}]/u;
const fnvOf = (codes: Iterable<number>) => {
  let hash = 0x811c9dc5;
  for (const code of codes) hash = Math.imul(hash ^ code, 0x01000193);
  return hash;
};
const unitsOf = (text: string) => Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));

describe('Function: tokenize (first in this file: units never seen before)', () => {
  it('classifies a character the first time it is seen, also in the middle of a space run or a word', () => {
    // Prepare: characters no test above this one has read (the class table fills on first sight)
    const texts = ['a \u1680\u205fb', 'ক\u09bfত\u2011ম', 'x\u2011\u0915', '𝐴𝐵\u2019𝐶 \ud83e\udd80y'];

    // Act / Assess
    for (const text of texts) expect(tokenize(text)).toEqual(text.match(TOKEN) ?? []);
  });
});

describe('Function: tokenize', () => {
  it('returns the same tokens as the Unicode token pattern, for ASCII and non-ASCII text', () => {
    fc.assert(
      fc.property(fc.oneof(asciiProse, mixedProse, symbolProse, fc.string(), fc.string({ unit: 'binary' })), (text) => {
        // Act / Assess
        expect(tokenize(text)).toEqual(text.match(TOKEN) ?? []);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('Function: addStems', () => {
  it('adds the stem of each word tokenize finds, and of each part of a hyphenated word, without lower-casing long words whole', () => {
    const longWords = fc.array(fc.constantFrom('ΟΔΟΣΣΣΣΣΣ', 'İİİİİİİİİ', 'Straßenbahnen', 'well-known', 'ΣΣΣΣΣΣΣΣ-Σ', 'İstanbul', ' ', '.', '—'), { maxLength: 8 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(asciiProse, mixedProse, symbolProse, longWords, fc.string({ unit: 'binary' })), (text) => {
        // Prepare
        const expected = new Set<string>();
        for (const word of wordsOf(text)) {
          expected.add(stem(word));
          if (word.includes('-')) for (const part of word.split('-')) expected.add(stem(part));
        }
        const stems = new Set<string>();

        // Act
        addStems(text, stems);

        // Assess
        expect([...stems].sort()).toEqual([...expected].sort());
      }),
      { numRuns: 2000 },
    );
  });
});

describe('Class: StemIndex', () => {
  it('answers for every stem exactly as the set addStems collects, for stems present, substrings of words and strings absent', () => {
    const words = fc.array(fc.constantFrom('ab', 'abcdefg', 'co-op', 'well-known', 'ab-abcde', "o'ab", 'x.y', 'a,b', '1,250', 'é\u0301a', 'Straße', 'İstanbul', 'ΟΔΟΣ', '𝒳ab', '-', '--', ' ', '\n', '.', '‐'), { maxLength: 12 }).map((parts) => parts.join(''));
    const texts = fc.array(fc.oneof(asciiProse, mixedProse, symbolProse, words), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(texts, fc.array(fc.string({ maxLength: 6 }), { maxLength: 5 }), fc.array(fc.nat(), { maxLength: 8 }), (parts, strangers, cuts) => {
        // Prepare: the expected stems, and questions: each of them, slices of the lower-cased text, and random strings.
        const expected = new Set<string>();
        for (const text of parts) addStems(text, expected);
        const lower = parts.join('\n').toLowerCase();
        const slices = cuts.map((cut) => lower.slice(cut % (lower.length + 1), (cut % (lower.length + 1)) + 1 + (cut % 5)));
        const questions = [...expected, ...slices, ...strangers, ''];

        // Act
        const index = new StemIndex(parts);

        // Assess
        for (const question of questions) expect(index.has(question), JSON.stringify({ parts, question })).toBe(expected.has(question));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('Functions: countWords, wordsOf, wordHashes, tokenHashes', () => {
  it('read the words and tokens tokenize finds (one scanner), for ASCII, symbols, astral text and lone surrogates', () => {
    fc.assert(
      fc.property(fc.oneof(asciiProse, mixedProse, symbolProse, fc.string({ unit: 'binary' })), (text) => {
        // Prepare
        const tokens = tokenize(text);
        const words = tokens.filter((token) => WORD_START.test(token));
        const lowerUnit = (code: number) => {
          const lower = String.fromCharCode(code).toLowerCase();
          return lower.length === 1 ? lower.charCodeAt(0) : code;
        };
        const pieces = tokens
          .filter((token) => !/^\s/u.test(token))
          .flatMap((token) => (WORD_START.test(token) ? token.split(/(['’.,:\-\u2010\u2011])/u) : [token]));

        // Act / Assess
        expect(countWords(text)).toBe(words.length);
        expect(wordsOf(text)).toEqual(words.map((word) => word.toLowerCase()));
        expect([...wordHashes(text).hashes]).toEqual(words.map((word) => fnvOf(unitsOf(word).map(lowerUnit))).sort((x, y) => x - y));
        expect([...tokenHashes(text)]).toEqual(pieces.map((piece) => fnvOf(unitsOf(piece))).sort((x, y) => x - y));
      }),
      { numRuns: 3000 },
    );
  });

  it('count "6.1", "10:40", "1,200", "worst-hit" and "don’t" as one word each, and symbols as none', () => {
    // Act / Assess
    expect(wordsOf('Quake of 6.1 at 10:40 hit 1,200 in worst-hit areas, “don’t” go')).toEqual(['quake', 'of', '6.1', 'at', '10:40', 'hit', '1,200', 'in', 'worst-hit', 'areas', 'don’t', 'go']);
    expect(countWords('€ 5 § 3 ° ©')).toBe(2);
  });
});

describe('Function: looseForm', () => {
  it('drops case, spacing, quote style and punctuation, and keeps letters, digits, symbols and separators inside figures', () => {
    const dropped = fc.constantFrom(' ', '\u00a0', '\u3000', '“', '”', '‘', '’', '«', '»', '—', '–', '"', "'", '(', ')', ';', '!', '?', '-');
    const words = fc.array(fc.constantFrom('Six', 'quake', 'KILLED', 'é', '€', '°', '12', '6'), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(words, fc.array(dropped, { minLength: 8, maxLength: 8 }), (parts, marks) => {
        // Prepare: the same words with different spacing and punctuation between them ('.' ',' ':' are left out: between digits they count)
        const plain = parts.join('');
        const marked = parts.map((part, i) => `${marks[i] as string}${part.toUpperCase()}`).join('');

        // Act / Assess
        expect(looseForm(marked)).toBe(looseForm(plain));
        expect(looseForm(plain)).toBe(plain.toLowerCase());
        expect(looseEqual([marked], [plain])).toBe(true);
        expect(looseHash(marked)).toBe(looseHash(plain));
      }),
      { numRuns: 1000 },
    );
    expect(looseForm('6.1, 10:40 and 1,200.')).toBe('6#110#40and1#200');
    expect(looseEqual(['killed 6.1'], ['killed 61'])).toBe(false);
    expect(looseEqual(['$5'], ['€5'])).toBe(false);
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

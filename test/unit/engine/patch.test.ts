import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PatchMismatchError, applyPatch, compareDocuments, makePatch, normalizeInline, renderCanonical, type StoryDocument } from '../../../lambdas/core/engine/index.ts';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// Text built from news-like pieces plus unicode edge cases: astral symbols, combining marks, CRLF.
const piece = fc.constantFrom('The', ' ', 'toll', ' rose', ' to', ' 35', '.', '. ', '\n', '\r\n', '\n\n', '“', '”', '😀', '𝔸', 'e\u0301', 'ü', '\u200b', '中文', ',', '!', '? ', '\t');
const newsText = fc.array(fc.oneof(piece, fc.string({ unit: 'grapheme', maxLength: 6 })), { maxLength: 80 }).map((parts) => parts.join(''));
const anyText = fc.oneof(newsText, fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme-composite', maxLength: 60 }));

/** An edited copy of `text`: some slices deleted, replaced, duplicated or moved. */
const editedPair = newsText.chain((text) =>
  fc
    .array(fc.tuple(fc.nat(Math.max(0, text.length)), fc.nat(20), newsText), { maxLength: 5 })
    .map((edits) => {
      let next = text;
      for (const [at, length, insert] of edits) next = next.slice(0, at) + insert + next.slice(Math.min(next.length, at + length));
      return [text, next] as const;
    }),
);

describe('Function: makePatch / applyPatch', () => {
  it('returns the next text byte for byte when the patch is applied to the previous text (random texts)', () => {
    fc.assert(
      fc.property(anyText, anyText, (previous, next) => {
        // Prepare
        const patch = makePatch(previous, next);

        // Act
        const rebuilt = applyPatch(previous, JSON.parse(JSON.stringify(patch)));

        // Assess
        expect(rebuilt).toBe(next);
      }),
      { numRuns: 500 },
    );
  });

  it('returns the next text when it is a small edit of the previous one (unicode, CRLF, moves)', () => {
    fc.assert(
      fc.property(editedPair, ([previous, next]) => {
        // Prepare
        const patch = makePatch(previous, next);

        // Act
        const rebuilt = applyPatch(previous, JSON.parse(JSON.stringify(patch)));

        // Assess
        expect(rebuilt).toBe(next);
      }),
      { numRuns: 500 },
    );
  });

  it('returns the next text for empty previous or next text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        // Prepare / Act
        const fromEmpty = applyPatch('', makePatch('', text));
        const toEmpty = applyPatch(text, makePatch(text, ''));

        // Assess
        expect(fromEmpty).toBe(text);
        expect(toEmpty).toBe('');
      }),
    );
  });

  it('returns the next text for huge texts and stores only the edit', () => {
    // Prepare
    const sentence = (i: number) => `Sentence number ${i} reports that ${i * 7} people were seen near the harbour. `;
    const paragraphs = Array.from({ length: 3000 }, (_, i) => `${sentence(i)}${sentence(i + 1)}`);
    const previous = `headline: Big\n\n${paragraphs.join('\n\n')}\n`;
    const edited = [...paragraphs];
    edited[1500] = edited[1500]?.replace('people', 'residents') ?? '';
    const next = `headline: Big\n\n${edited.join('\n\n')}\n`;

    // Act
    const patch = makePatch(previous, next);

    // Assess
    expect(applyPatch(previous, patch)).toBe(next);
    expect(previous.length).toBeGreaterThan(400_000);
    expect(JSON.stringify(patch).length).toBeLessThan(100);
  });

  it('returns a patch that never splits a surrogate pair in its insertions', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constantFrom('😀', '😁', '𝔸'), fc.constantFrom('😀', '😁', '𝔸'), (text, a, b) => {
        // Prepare
        const previous = `${text}${a}${text}`;
        const next = `${text}${b}${text}`;

        // Act
        const patch = makePatch(previous, next);

        // Assess
        for (const step of patch) if (typeof step === 'string') expect(step).not.toMatch(LONE_SURROGATE);
        expect(applyPatch(previous, patch)).toBe(next);
      }),
    );
  });

  it('throws PatchMismatchError when the patch does not fit the previous text', () => {
    // Prepare
    const patch = makePatch('abc def. ghi', 'abc xyz. ghi');

    // Act
    const apply = () => applyPatch('abc def', patch);

    // Assess
    expect(apply).toThrow(PatchMismatchError);
  });
});

describe('Function: compareDocuments (patch)', () => {
  const inline = fc.string({ unit: 'grapheme', maxLength: 30 }).map(normalizeInline);
  const paragraph = fc.array(fc.constantFrom('The toll rose to 35.', 'Officials said.', '"We dig," he said.', 'Update 10:40: more.', '😀 e\u0301.'), { minLength: 1, maxLength: 4 }).map((s) => s.join(' '));
  const storyDocument: fc.Arbitrary<StoryDocument> = fc.record(
    { headline: inline, byline: inline, dek: inline, body: fc.array(fc.oneof(paragraph, inline.filter((p) => p !== '')), { maxLength: 10 }) },
    { requiredKeys: ['headline', 'body'] },
  );

  it('returns a patch that rebuilds the next canonical text from the previous one', () => {
    fc.assert(
      fc.property(storyDocument, storyDocument, (previous, next) => {
        // Prepare
        const { patch } = compareDocuments(previous, next);

        // Act
        const rebuilt = applyPatch(renderCanonical(previous), JSON.parse(JSON.stringify(patch)));

        // Assess
        expect(rebuilt).toBe(renderCanonical(next));
      }),
      { numRuns: 500 },
    );
  });

  it('returns a patch from the empty text for a first version', () => {
    fc.assert(
      fc.property(storyDocument, (doc) => {
        // Prepare / Act
        const { patch } = compareDocuments(undefined, doc);

        // Assess
        expect(applyPatch('', patch)).toBe(renderCanonical(doc));
      }),
    );
  });
});

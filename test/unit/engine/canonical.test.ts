import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CanonicalFormError, normalizeInline, parseCanonical, renderCanonical, type StoryDocument } from '../../../lambdas/core/engine/index.ts';

// Values as normalization produces them: NFC, single spaces, no line breaks, trimmed.
const inline = fc.string({ unit: 'grapheme', maxLength: 40 }).map(normalizeInline);
const paragraph = inline.filter((text) => text !== '');
const storyDocument: fc.Arbitrary<StoryDocument> = fc.record(
  { headline: inline, byline: inline, dek: inline, updated: inline, body: fc.array(paragraph, { maxLength: 12 }) },
  { requiredKeys: ['headline', 'body'] },
);

describe('Function: parseCanonical / renderCanonical', () => {
  it('returns the same document when a rendered document is parsed (parse ∘ render = id)', () => {
    fc.assert(
      fc.property(storyDocument, (doc) => {
        // Prepare
        const text = renderCanonical(doc);

        // Act
        const parsed = parseCanonical(text);

        // Assess
        expect(parsed).toEqual(doc);
      }),
      { numRuns: 500 },
    );
  });

  it('returns the same text when canonical text is parsed and rendered (render ∘ parse = id)', () => {
    fc.assert(
      fc.property(storyDocument, (doc) => {
        // Prepare
        const text = renderCanonical(doc);

        // Act
        const again = renderCanonical(parseCanonical(text));

        // Assess
        expect(again).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['no blank line', 'headline: x\nbody\n'],
    ['fields out of order', 'dek: d\nheadline: x\n\nbody\n'],
    ['unknown field', 'headline: x\nsection: world\n\nbody\n'],
    ['repeated field', 'headline: x\nheadline: y\n\nbody\n'],
    ['missing final line break', 'headline: x\n\nbody'],
    ['CRLF line endings', 'headline: x\r\n\r\nbody\r\n'],
  ])('throws CanonicalFormError when the text has %s', (_, text) => {
    // Prepare
    const parse = () => parseCanonical(text);

    // Act / Assess
    expect(parse).toThrow(CanonicalFormError);
  });
});

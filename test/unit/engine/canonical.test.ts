import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CanonicalFormError, normalizeInline, parseCanonical, renderCanonical, type StoryDocument } from '../../../lambdas/core/engine/index.ts';
import { FIXTURES } from './helpers.ts';

// Values as normalization produces them: NFC, single spaces, no line breaks, trimmed.
const inline = fc.string({ unit: 'grapheme', maxLength: 40 }).map(normalizeInline);
const paragraph = inline.filter((text) => text !== '');
// A list is absent or non-empty: an empty list has no line to render (see canonical.ts).
const entries = fc.array(inline, { minLength: 1, maxLength: 4 });
const storyDocument: fc.Arbitrary<StoryDocument> = fc.record(
  {
    headline: inline,
    byline: inline,
    dek: inline,
    updated: inline,
    notes: entries,
    captions: entries,
    furniture: entries,
    body: fc.array(paragraph, { maxLength: 12 }),
  },
  { requiredKeys: ['headline', 'body'] },
);

/** Canonical texts rendered by main before documents had notes, captions and furniture lines. */
const BEFORE_LISTS = JSON.parse(readFileSync(`${FIXTURES}canonical-before-lists.json`, 'utf8')) as { texts: Record<string, string> };

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

  it('renders notes, captions and furniture as repeatable lines after updated:, in that order and in document order', () => {
    // Prepare
    const doc: StoryDocument = {
      headline: 'Ferry halted',
      updated: '2026-11-20T08:00:00Z',
      notes: ['Corrects the number of commuters.', 'Adds the operator\'s comment.'],
      captions: ['The damaged pier at Holm. Photo: K. Lund'],
      furniture: ['Continue reading', '1.2K shares'],
      body: ['The ferry stopped.'],
    };

    // Act
    const text = renderCanonical(doc);

    // Assess
    expect(text).toBe(
      [
        'headline: Ferry halted',
        'updated: 2026-11-20T08:00:00Z',
        'note: Corrects the number of commuters.',
        "note: Adds the operator's comment.",
        'caption: The damaged pier at Holm. Photo: K. Lund',
        'furniture: Continue reading',
        'furniture: 1.2K shares',
        '',
        'The ferry stopped.',
        '',
      ].join('\n'),
    );
    expect(parseCanonical(text)).toEqual(doc);
  });

  it.each(Object.entries(BEFORE_LISTS.texts))('returns canonical text recorded before the list fields unchanged: %s parses and re-renders byte for byte', (_, text) => {
    // Prepare
    const parsed = parseCanonical(text);

    // Act
    const again = renderCanonical(parsed);

    // Assess
    expect(again).toBe(text);
    expect(parsed).not.toHaveProperty('notes');
    expect(parsed).not.toHaveProperty('captions');
    expect(parsed).not.toHaveProperty('furniture');
  });

  it.each([
    ['list lines out of order', 'headline: x\ncaption: c\nnote: n\n\nbody\n'],
    ['a list line before a field', 'headline: x\nnote: n\ndek: d\n\nbody\n'],
    ['list lines of one kind not together', 'headline: x\nnote: a\ncaption: c\nnote: b\n\nbody\n'],
    ['a list line without its space', 'headline: x\nnote:n\n\nbody\n'],
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

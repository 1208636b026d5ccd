import { describe, expect, it } from 'vitest';
import { compareDocuments, type ChangeSummary, type StoryDocument } from '../../../lambdas/core/engine/index.ts';
import { FIXTURE_FORMATS, demoVersion, portAldwin } from './helpers.ts';
import { canonicalLines } from '../../../lambdas/core/engine/canonical.ts';
import { DEFAULT_WORK_BUDGET } from '../../../lambdas/core/engine/compare.ts';
import { DEFAULT_MAX_REVISION_BYTES } from '../../../lambdas/core/engine/normalize.ts';
import { WorkBudgetExceededError } from '../../../lambdas/core/errors.ts';

function summary(previous: StoryDocument | undefined, next: StoryDocument): ChangeSummary {
  return compareDocuments(previous, next).summary;
}

const story = (body: string[], headline = 'Quake hits coast'): StoryDocument => ({ headline, byline: 'By A. Writer', body });
const BASE = [
  'A strong earthquake hit the coast on Monday, killing 12 people, officials said.',
  'Rescue teams worked through the night. Roads into the area were blocked by landslides.',
  '"We lost everything," said Maria Lopez, a shop owner. "The whole street is gone."',
  'The quake had a magnitude of 5.8, the seismology office said.',
];

describe('Function: compareDocuments (demo story)', () => {
  it('returns number and update-note, not stealth, when v2 raises the toll 30 → 35 with an update note', () => {
    // Prepare
    const [v1, v2] = [demoVersion(1), demoVersion(2)];

    // Act
    const result = summary(v1, v2);

    // Assess
    expect(result.kinds).toEqual(expect.arrayContaining(['lede', 'number', 'update-note', 'content']));
    expect(result.stealth).toBe(false);
    // The toll changed in the lede; the hospital figure came with an added sentence. The note's own 35 is the note's.
    expect(result.numbers).toEqual([
      expect.objectContaining({ before: '30', after: '35', beforeValue: 30, afterValue: 35, context: expect.stringContaining('killing at least 35 people') }),
      expect.objectContaining({ before: null, after: '112', afterValue: 112 }),
    ]);
    expect(result.explainedBy).toMatch(/^Update 10:40: The death toll has risen to 35/);
    expect(result.sentences).toEqual({ added: 2, removed: 0, edited: 1, moved: 0 });
  });

  it('returns stealth with number and moved when v3 silently changes 35 → 34 and moves the quote', () => {
    // Prepare
    const [v2, v3] = [demoVersion(2), demoVersion(3)];

    // Act
    const result = summary(v2, v3);

    // Assess
    expect(result.kinds).toEqual(expect.arrayContaining(['number', 'moved']));
    expect(result.kinds).not.toContain('update-note');
    expect(result.kinds).not.toContain('quote');
    expect(result.stealth).toBe(true);
    expect(result.numbers.map((n) => [n.before, n.after])).toEqual([['35', '34']]);
    expect(result.sentences.moved).toBe(2);
    expect(result.paragraphs?.moved).toBe(1);
    expect(result.reasons.some((reason) => reason.startsWith('stealth:'))).toBe(true);
  });

  it('returns headline and update-note, not stealth, when v4 rewrites the headline and appends Update 12:00', () => {
    // Prepare
    const [v3, v4] = [demoVersion(3), demoVersion(4)];

    // Act
    const result = summary(v3, v4);

    // Assess
    expect(result.kinds).toEqual(expect.arrayContaining(['headline', 'body', 'number', 'update-note']));
    expect(result.stealth).toBe(false);
    expect(result.fields).toEqual(['headline', 'body']);
    expect(result.numbers.map((n) => [n.before, n.after])).toEqual([['112', '140']]);
  });

  it('returns number and correction-note, not stealth, when v5 corrects the magnitude 6.1 → 6.4', () => {
    // Prepare
    const [v4, v5] = [demoVersion(4), demoVersion(5)];

    // Act
    const result = summary(v4, v5);

    // Assess
    expect(result.kinds).toEqual(expect.arrayContaining(['number', 'correction-note']));
    expect(result.stealth).toBe(false);
    expect(result.numbers).toEqual([expect.objectContaining({ before: '6.1', after: '6.4', context: expect.stringContaining('magnitude 6.4') })]);
    expect(result.notes).toEqual([expect.objectContaining({ op: 'added', kind: 'correction' })]);
  });
});

describe('Function: compareDocuments (Port Aldwin fixtures, every format)', () => {
  const expectations: [number, string[], boolean][] = [
    [2, ['lede', 'number', 'update-note'], false],
    [3, ['body', 'number', 'quote'], true],
    [4, ['moved'], false],
    [5, ['unchanged'], false],
    [6, ['trivial'], false],
    [7, ['body', 'number', 'correction-note'], false],
  ];
  for (const extension of Object.keys(FIXTURE_FORMATS)) {
    it.each(expectations)(`returns the expected kinds and stealth for .${extension} v%i`, (version, kinds, stealth) => {
      // Prepare
      const previous = portAldwin(version - 1, extension);
      const next = portAldwin(version, extension);

      // Act
      const result = summary(previous, next);

      // Assess
      expect(result.kinds).toEqual(kinds);
      expect(result.stealth).toBe(stealth);
    });
  }
});

describe('Function: compareDocuments (vocabulary)', () => {
  it('returns first-version with every word added when there is no previous version', () => {
    // Prepare
    const doc = story(BASE);

    // Act
    const result = summary(undefined, doc);

    // Assess
    expect(result.kinds).toEqual(['first-version']);
    expect(result.sentences.added).toBe(6);
    expect(result.significance).toBe(1);
  });

  it('returns unchanged with significance 0 when the documents are equal', () => {
    // Prepare
    const doc = story(BASE);

    // Act
    const result = summary(doc, story([...BASE]));

    // Assess
    expect(result.kinds).toEqual(['unchanged']);
    expect(result.significance).toBe(0);
  });

  it('returns spelling, not stealth, when one word is corrected', () => {
    // Prepare
    const next = story([BASE[0] as string, (BASE[1] as string).replace('landslides', 'landslids'), ...BASE.slice(2)]);

    // Act
    const result = summary(story(BASE), next);

    // Assess
    expect(result.kinds).toEqual(['body', 'spelling']);
    expect(result.stealth).toBe(false);
    expect(result.significance).toBeLessThan(0.1);
  });

  it('returns headline and stealth when only the headline is rewritten', () => {
    // Prepare
    const next = story(BASE, 'Deadly quake flattens coastal town');

    // Act
    const result = summary(story(BASE), next);

    // Assess
    expect(result.kinds).toEqual(['headline']);
    expect(result.stealth).toBe(true);
  });

  it('returns spelling, not headline stealth, when the headline only fixes a typo', () => {
    // Prepare
    const next = story(BASE, 'Quake hits coats');

    // Act
    const result = summary(story(BASE), next);

    // Assess
    expect(result.kinds).toEqual(['headline', 'spelling']);
    expect(result.stealth).toBe(false);
  });

  it('returns byline without stealth when only the byline is re-written with the same credit, and stealth when a name is added', () => {
    // Prepare
    const rewritten: StoryDocument = { ...story(BASE), byline: 'A. Writer, staff writer' };
    const added: StoryDocument = { ...story(BASE), byline: 'By A. Writer and B. Reporter' };

    // Act
    const result = summary(story(BASE), rewritten);
    const credited = summary(story(BASE), added);

    // Assess
    expect(result.kinds).toEqual(['byline']);
    expect(result.stealth).toBe(false);
    expect(credited.kinds).toEqual(['byline']);
    expect(credited.stealth).toBe(true);
  });

  it('returns quote and stealth when quoted speech is edited without a note', () => {
    // Prepare
    const next = story([...BASE.slice(0, 2), '"We lost nearly everything," said Maria Lopez, a shop owner. "The whole street is gone."', BASE[3] as string]);

    // Act
    const result = summary(story(BASE), next);

    // Assess
    expect(result.kinds).toEqual(['body', 'quote']);
    expect(result.stealth).toBe(true);
  });

  it('returns quote when a quoted sentence is removed', () => {
    // Prepare
    const next = story([...BASE.slice(0, 2), '"We lost everything," said Maria Lopez, a shop owner.', BASE[3] as string]);

    // Act
    const result = summary(story(BASE), next);

    // Assess
    expect(result.kinds).toContain('quote');
    expect(result.sentences.removed).toBe(1);
  });

  it('returns trivial with low significance when only quote style, case and punctuation change', () => {
    // Prepare
    const next = story(BASE.map((p) => p.replace(/"/g, (_, i: number) => (i % 2 ? '”' : '“')).replace('Rescue teams', 'Rescue Teams').replace(', officials said', ' officials said')));

    // Act
    const result = summary(story(BASE), next);

    // Assess
    expect(result.kinds).toEqual(['trivial']);
    expect(result.stealth).toBe(false);
    expect(result.significance).toBeLessThan(0.05);
  });

  it('returns trivial when only paragraph breaks change', () => {
    // Prepare
    const next = story([BASE[0] as string, 'Rescue teams worked through the night.', 'Roads into the area were blocked by landslides.', ...BASE.slice(2)]);

    // Act
    const result = summary(story(BASE), next);

    // Assess
    expect(result.kinds).toEqual(['trivial']);
    expect(result.reasons).toEqual(['only paragraph breaks changed']);
  });

  it('returns rewrite and stealth when most of the text is replaced', () => {
    // Prepare
    const next = story([
      'Officials on Tuesday revised their account of the disaster entirely.',
      'Investigators blamed poor building standards for the collapse of homes.',
      'A national day of mourning was declared by the prime minister.',
      BASE[3] as string,
    ]);

    // Act
    const result = summary(story(BASE), next);

    // Assess
    expect(result.kinds).toContain('rewrite');
    expect(result.stealth).toBe(true);
    expect(result.significance).toBeGreaterThanOrEqual(0.8);
  });

  it('returns update-note when an "UPDATED:" paragraph is edited', () => {
    // Prepare
    const before = story([...BASE, 'UPDATED: The toll rose to 12 on Monday night.']);
    const after = story([...BASE, 'UPDATED: The toll rose to 14 on Tuesday morning.']);

    // Act
    const result = summary(before, after);

    // Assess
    expect(result.kinds).toContain('update-note');
    expect(result.stealth).toBe(false);
  });

  it('returns correction-note for "An earlier version of this story" without a Correction: prefix', () => {
    // Prepare
    const next = story([...BASE, 'An earlier version of this story misspelled the name of the shop owner.']);

    // Act
    const result = summary(story(BASE), next);

    // Assess
    expect(result.kinds).toEqual(['correction-note']);
  });

  it('returns number with before and after null when a figure is removed from an edited sentence', () => {
    // Prepare
    const next = story([BASE[0] as string, BASE[1] as string, BASE[2] as string, 'The quake had a magnitude, the seismology office said.']);

    // Act
    const result = summary(story(BASE), next);

    // Assess
    expect(result.numbers).toEqual([expect.objectContaining({ before: '5.8', after: null, beforeValue: 5.8, afterValue: null })]);
    expect(result.stealth).toBe(true);
  });

  it('keeps the change record small when three sentences change in a 10,000-word story', async () => {
    // Prepare
    const { StoryGenerator, makeArticle } = await import('../../fixtures/engine/story-generator.ts');
    const generator = new StoryGenerator(7);
    const article = makeArticle(generator, 10_000);
    const before: StoryDocument = { headline: article.headline, body: article.paragraphs };
    const body = [...article.paragraphs];
    for (const index of [3, 40, 120]) body[index] = `${body[index]} ${generator.sentence()}`.replace(/^(\S+)/, 'Meanwhile');
    const after: StoryDocument = { headline: article.headline, body };

    // Act
    const change = compareDocuments(before, after);

    // Assess
    const bytes = Buffer.byteLength(JSON.stringify(change.patch)) + Buffer.byteLength(JSON.stringify(change.summary));
    expect(bytes).toBeLessThanOrEqual(4096);
    expect(change.summary.sentences.added + change.summary.sentences.edited).toBeGreaterThanOrEqual(3);
  });
});

describe('Function: compareDocuments — work budget (too-slow)', () => {
  const before: StoryDocument = { headline: 'Budget vote', body: ['The council approved 12 million.'] };
  const after: StoryDocument = { headline: 'Budget vote', body: ['The council approved 14 million.'] };
  // Units: characters of both canonical texts (each line and its newline).
  const units = (doc: StoryDocument) => canonicalLines(doc).reduce((sum, line) => sum + line.length + 1, 0);

  it('compares within a budget of exactly its units, and refuses one unit less before any work, naming both', () => {
    const exact = units(before) + units(after);
    expect(compareDocuments(before, after, { workBudget: exact }).summary.numbers).toHaveLength(1);
    const refused = (() => {
      try {
        compareDocuments(before, after, { workBudget: exact - 1 });
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(WorkBudgetExceededError);
    expect((refused as WorkBudgetExceededError).budget).toBe(exact - 1);
    expect((refused as Error).message).toBe(`comparing ${exact} characters of both canonical texts needs more than the work budget of ${exact - 1}`);
  });

  it('counts a first version by its own text, and has no limit when no budget is given', () => {
    expect(() => compareDocuments(undefined, after, { workBudget: units(after) - 1 })).toThrow(WorkBudgetExceededError);
    expect(compareDocuments(undefined, after, { workBudget: units(after) }).patch).not.toEqual([]);
    const long: StoryDocument = { headline: 'Budget vote', body: Array.from({ length: 2000 }, (_, i) => `Paragraph ${i} of the debate.`) };
    expect(compareDocuments(before, long).summary.fields).toContain('body');
  });

  it('admits two revisions of the default maximum upload (5 MiB each) under the default budget', () => {
    expect(2 * (DEFAULT_MAX_REVISION_BYTES + 1024)).toBeLessThan(DEFAULT_WORK_BUDGET);
  });
});

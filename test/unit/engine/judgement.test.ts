// The judgement classes of issue 9, one describe each: notes as spans with a lifecycle, figures as
// values, quotes by their words, furniture, distant versions, headlines and significance, formats.
// Inputs are written for these tests (invented stories); expectations were set by reading them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareDocuments, normalizeRevision, type ChangeSummary, type RevisionFormat, type StoryDocument } from '../../../lambdas/core/engine/index.ts';
import { demoVersion, encode, fixtureBytes } from './helpers.ts';

const doc = (body: string[], headline = 'Blast at Holm chemical plant', extra: Partial<StoryDocument> = {}): StoryDocument => ({ headline, body, ...extra });
const summary = (before: StoryDocument, after: StoryDocument): ChangeSummary => compareDocuments(before, after).summary;
const values = (s: ChangeSummary) => s.numbers.map((n) => [n.beforeValue ?? null, n.afterValue ?? null]);
const read = (text: string, format: RevisionFormat) => normalizeRevision(encode(text), format);

const LEDE = 'A blast at the Holm chemical plant injured 12 workers on Monday, the company said.';
const SECOND = 'Fire crews from three towns fought the fire for four hours before it was under control.';
const QUOTE = '"The whole hall shook," said Ines Varga, a shift supervisor. "We ran for the doors."';

describe('Judgement: notes are spans with a lifecycle', () => {
  it('returns stealth when a figure changes after an untouched "Updated … —" dateline in the same sentence', () => {
    // Prepare
    const before = doc([`Updated 3:15 p.m. ET — ${LEDE}`, SECOND]);
    const after = doc([`Updated 3:15 p.m. ET — ${LEDE.replace('12', '14')}`, SECOND]);

    // Act
    const result = summary(before, after);

    // Assess
    expect(result.stealth).toBe(true);
    expect(values(result)).toEqual([[12, 14]]);
    expect(result.kinds).not.toContain('update-note');
    expect(result.explainedBy).toBeUndefined();
  });

  it('returns update-note, not stealth, when "[Update: …]" is added inside a paragraph with the figure change it reports', () => {
    // Prepare
    const before = doc([LEDE, SECOND]);
    const after = doc([`${LEDE.replace('12', '14')} [Update: the company has since said 14 workers were injured.]`, SECOND]);

    // Act
    const result = summary(before, after);

    // Assess
    expect(result.stealth).toBe(false);
    expect(result.kinds).toContain('update-note');
    expect(result.explainedBy).toBe('[Update: the company has since said 14 workers were injured.]');
  });

  it('returns update-note, not stealth, when an "Update 2:" paragraph is added with a figure change elsewhere', () => {
    // Prepare
    const before = doc([LEDE, SECOND, 'Update: The company said all workers had been accounted for.']);
    const after = doc([LEDE.replace('12', '14'), SECOND, 'Update: The company said all workers had been accounted for.', 'Update 2: Two more workers were taken to hospital on Tuesday.']);

    // Act
    const result = summary(before, after);

    // Assess
    expect(result.stealth).toBe(false);
    expect(result.notes).toEqual([expect.objectContaining({ op: 'added', kind: 'update', text: expect.stringMatching(/^Update 2:/) })]);
    expect(values(result)).toEqual([[12, 14]]);
  });

  it('returns update-note, not stealth, for a trailing italic "This story has been updated" line in Markdown', () => {
    // Prepare
    const before = read(`# Blast at Holm chemical plant\n\n${LEDE}\n\n${SECOND}\n`, 'markdown');
    const after = read(`# Blast at Holm chemical plant\n\n${LEDE}\n\n${SECOND} Police closed the road to the plant.\n\n*This story has been updated to include the road closure.*\n`, 'markdown');

    // Act
    const result = summary(before, after);

    // Assess
    expect(result.stealth).toBe(false);
    expect(result.kinds).toEqual(expect.arrayContaining(['content', 'update-note']));
  });

  it('returns note-removed and stealth when a rollback also deletes the correction note', () => {
    // Prepare
    const before = doc([LEDE.replace('12', '14'), SECOND, 'Correction: An earlier version of this story said 12 workers were injured.']);
    const after = doc([LEDE, SECOND]);

    // Act
    const result = summary(before, after);

    // Assess
    expect(result.kinds).toEqual(expect.arrayContaining(['number', 'note-removed']));
    expect(result.kinds).not.toContain('correction-note');
    expect(result.stealth).toBe(true);
    expect(result.notes).toEqual([expect.objectContaining({ op: 'removed', kind: 'correction' })]);
  });

  it('never says a note discloses a revision and that the revision is stealth at once', () => {
    // Prepare
    const cases: [StoryDocument, StoryDocument][] = [
      [doc([LEDE, SECOND]), doc([LEDE.replace('12', '14'), SECOND, 'Update: The toll rose overnight.'])],
      [doc([LEDE, SECOND, 'Update: The toll rose.']), doc([LEDE.replace('12', '14'), SECOND, 'Update: The toll rose.'])],
      [doc([LEDE, SECOND, 'Correction: An earlier version misstated the toll.']), doc([LEDE.replace('12', '14'), SECOND])],
      [doc([LEDE]), doc([`${LEDE} (Updated with comment from the company.)`])],
    ];

    for (const [before, after] of cases) {
      // Act
      const result = summary(before, after);

      // Assess
      const disclosed = result.kinds.includes('update-note') || result.kinds.includes('correction-note');
      expect(disclosed && result.stealth).toBe(false);
      expect(result.stealth && result.reasons.some((reason) => reason.startsWith('update note') || reason.startsWith('correction'))).toBe(false);
    }
  });
});

describe('Judgement: figures are values', () => {
  it.each([
    ['1,250 → 1250', 'The plant employs 1,250 people.', 'The plant employs 1250 people.'],
    ['12 → twelve', 'It injured 12 workers.', 'It injured twelve workers.'],
    ['a dozen → 12', 'It injured a dozen workers.', 'It injured 12 workers.'],
    ['twenty-one → 21', 'Twenty-one lorries were moved.', '21 lorries were moved.'],
  ])('returns no figure change and not stealth when the same value is written differently (%s)', (_, was, is) => {
    // Prepare / Act
    const result = summary(doc([was, SECOND]), doc([is, SECOND]));

    // Assess
    expect(result.numbers).toEqual([]);
    expect(result.stealth).toBe(false);
    expect(result.kinds).toContain('style');
  });

  it('returns no figure change when German grouping rewrites 1250 as 1.250', () => {
    // Prepare
    const before = doc(['Das Werk beschäftigt 1250 Menschen, sagte die Firma am Montag.', 'Die Feuerwehr war mit drei Zügen im Einsatz.'], 'Explosion im Chemiewerk');
    const after = doc(['Das Werk beschäftigt 1.250 Menschen, sagte die Firma am Montag.', 'Die Feuerwehr war mit drei Zügen im Einsatz.'], 'Explosion im Chemiewerk');

    // Act
    const result = summary(before, after);

    // Assess
    expect(result.numbers).toEqual([]);
    expect(result.stealth).toBe(false);
  });

  it('returns spelled-out figure changes with both values: three → five killed, 14 → eleven', () => {
    // Prepare
    const before = doc(['The blast killed three people, police said.', 'It injured 14 others.']);
    const after = doc(['The blast killed five people, police said.', 'It injured eleven others.']);

    // Act
    const result = summary(before, after);

    // Assess
    expect(values(result)).toEqual([
      [3, 5],
      [14, 11],
    ]);
    expect(result.stealth).toBe(true);
  });

  it('lists figures of a rewritten headline, an added sentence and a removed sentence', () => {
    // Prepare
    const before = doc([LEDE, 'About 40 residents were evacuated.', SECOND], '12 hurt in Holm plant blast');
    const after = doc([LEDE.replace('12', '15'), SECOND, 'The plant will stay shut for 6 weeks.'], '15 hurt in Holm plant blast');

    // Act
    const result = summary(before, after);

    // Assess
    expect(values(result)).toEqual(expect.arrayContaining([[12, 15], [40, null], [null, 6]]));
    expect(result.numbers.find((n) => n.afterValue === 15)?.field).toBe('headline');
  });

  it('pairs a lone figure gone with a lone figure come when their surroundings share words: 20 → 11 missing, a score 0-0 → 1-0', () => {
    // Prepare: the sentence is rewritten around the new figure, so no word right next to it matches
    const before = doc([LEDE, 'At least 20 girls from a summer camp remain missing, officials said.'], 'Flooding in Holm');
    const after = doc([LEDE, 'Officials said the search for 11 missing from a camp for girls continues.'], 'Flooding in Holm');
    const score = [doc([LEDE], 'Rangers-Napoli nog 0-0, Chelsea scoort eerste goal'), doc([LEDE], 'Derde penalty Napoli wel raak: Politano maakt 1-0 tegen Rangers')] as const;

    // Act, Assess
    expect(values(summary(before, after))).toEqual([[20, 11]]);
    expect(values(summary(...score))).toEqual([[0, 1]]);
  });

  it('leaves lone figures apart when their surroundings share only a rubric, when one is a duration, a measure, a hundredfold apart, or the pairing is ambiguous', () => {
    // Prepare
    const rubric = [doc([LEDE], 'Ukraine-News heute: Warschau verlegt bis zu 10.000 Soldaten an die Grenze'), doc([LEDE], 'Ukraine-News heute: Kiew evakuiert 37 Ortschaften an der Grenze')] as const;
    const dutch = ['Het festival vindt plaats in augustus en de organisatie is er blij mee.'];
    const duration = [doc(dutch, 'Tickets voor Lowlands binnen twintig minuten uitverkocht'), doc(dutch, 'Lowlands-tickets binnen kwartier uitverkocht, 130.000 mensen in wachtrij')] as const;
    const measure = [doc([LEDE], 'She Was 300 Yards From the Hypocenter When It Happened'), doc([LEDE], 'She Was 19 When It Happened at the Hypocenter')] as const;
    const ambiguous = [
      doc([LEDE, 'Crews from 3 towns and 4 villages fought the Holm fire.']),
      doc([LEDE, 'The Holm fire was fought by 5 crews from nearby towns and villages.']),
    ] as const;

    // Act, Assess
    const unordered = (s: ChangeSummary) => values(s).map((pair) => JSON.stringify(pair)).sort();
    expect(unordered(summary(...rubric))).toEqual(['[10000,null]', '[null,37]']);
    expect(unordered(summary(...duration))).toEqual(['[20,null]', '[null,130000]']);
    expect(unordered(summary(...measure))).toEqual(['[300,null]', '[null,19]']);
    expect(unordered(summary(...ambiguous))).toEqual(['[3,null]', '[4,null]', '[null,5]']);
    const magnitude = [doc([LEDE], 'Holm jobless figures: 6.3 million people out of work across the region'), doc([LEDE], 'Holm jobless figures: people out of work in seven districts across the region')] as const;
    expect(unordered(summary(...magnitude))).toEqual(['[6300000,null]', '[null,7]']);
  });

  it('reads Dutch and German numbers with endings, a headline with no function word, a German dated day, and Dutch "de één" as written', () => {
    // Prepare
    const age = [doc([], 'Dit weten we over de zaak van vijftienjarige jongen in Holm'), doc([], 'Celstraffen geëist in zaak 15-jarige jongen in Holm')] as const;
    const group = [doc([], 'Sterke kopgroep met Varga rijdt voor peloton'), doc([], 'Viertal met Varga rijdt voor peloton')] as const;
    const noFunctionWord = [doc([], 'Nek-aan-nekrace presidentskandidaten Holm'), doc([], 'Nek-aan-nekrace tussen twee opvallende presidentskandidaten Holm')] as const;
    const germanDate = [
      doc(['Die Feuerwehr war mit drei Zügen im Einsatz. Die News.'], 'Explosion im Chemiewerk'),
      doc(['Die Feuerwehr war mit drei Zügen im Einsatz. Das waren die News am 27. Oktober.'], 'Explosion im Chemiewerk'),
    ] as const;
    const pronoun = [doc([], 'Stagevergoedingen lopen flink uiteen'), doc([], 'Stagevergoedingen lopen flink uiteen: de één krijgt 700 euro, de ander niks')] as const;

    // Act, Assess
    expect(values(summary(...age))).toEqual([]);
    expect(values(summary(...group))).toEqual([[null, 4]]);
    expect(values(summary(...noFunctionWord))).toEqual([[null, 2]]);
    expect(values(summary(...germanDate))).toEqual([]);
    expect(values(summary(...pronoun))).toEqual([[null, 700]]);
  });

  it('returns no figure change when a unit is joined by a hyphen ("a 10-mile race", "one-ton-class") or written on one side only ("0-60 mph" → "0 to 60")', () => {
    // Prepare
    const hyphen = [doc([LEDE, 'The 10-mile race and the one-ton-class satellites are next.']), doc([LEDE, 'The 10 mile race and the 1 ton-class satellites are next.'])] as const;
    const unit = [doc([LEDE, 'It does 0-60 mph in 3.4 seconds, a 20-mile loop away.']), doc([LEDE, 'Its 0 to 60 time is 3.4 seconds, a 20-mile loop away.'])] as const;
    const timeOff = [doc([LEDE, 'A one-time payment was made.']), doc([LEDE, 'A single payment was made.'])] as const;

    // Act, Assess
    expect(values(summary(...hyphen))).toEqual([]);
    expect(values(summary(...unit))).toEqual([]);
    expect(values(summary(...timeOff))).toEqual([]);
  });

  it('does not box times of day or identifiers as figures', () => {
    // Prepare
    const before = doc(['The A-9 motorway was closed at 8 a.m. after the COVID-19 testing site was evacuated.', SECOND]);
    const after = doc(['The A-7 motorway was closed at 11:40 after the COVID-19 testing site was evacuated.', SECOND]);

    // Act
    const result = summary(before, after);

    // Assess
    expect(result.numbers).toEqual([]);
    expect(result.kinds).toContain('content');
  });
});

describe('Judgement: quotes change only when quoted words do', () => {
  it('returns no quote change when a figure changes in a paragraph whose quote is untouched', () => {
    // Prepare
    const before = doc([LEDE, `"The whole hall shook," said Ines Varga, one of 12 workers on shift.`]);
    const after = doc([LEDE, `"The whole hall shook," said Ines Varga, one of 14 workers on shift.`]);

    // Act
    const result = summary(before, after);

    // Assess
    expect(result.kinds).not.toContain('quote');
    expect(values(result)).toEqual([[12, 14]]);
  });

  it('returns a quote change when the words inside the marks change, and when the speaker changes', () => {
    // Prepare
    const edited = summary(doc([LEDE, QUOTE]), doc([LEDE, QUOTE.replace('whole hall shook', 'hall shook violently')]));
    const speaker = summary(doc([LEDE, QUOTE]), doc([LEDE, QUOTE.replace('Ines Varga', 'Pal Horvath')]));

    // Assess
    expect(edited.quotes).toEqual([expect.objectContaining({ op: 'edited' })]);
    expect(speaker.quotes).toEqual([expect.objectContaining({ op: 'speaker' })]);
    expect(edited.stealth && speaker.stealth).toBe(true);
  });

  it('returns no quote change when only the quotation marks change style', () => {
    // Prepare / Act
    const result = summary(doc([LEDE, QUOTE]), doc([LEDE, QUOTE.replace(/"([^"]*)"/g, '“$1”')]));

    // Assess
    expect(result.kinds).toEqual(['trivial']);
  });
});

describe('Judgement: page and feed furniture is never story text', () => {
  const page = (caption: string, counter: string) =>
    `<html><body><article><h1>Blast at Holm chemical plant</h1><figure><img src="a.jpg"><figcaption>${caption}</figcaption></figure><p>${LEDE}</p><p>${SECOND}</p><p>${counter}</p></article></body></html>`;

  it('keeps a photo caption out of the lede', () => {
    // Prepare / Act
    const story = read(page('Smoke rises over the plant on Monday. (Photo: Holm Courier)', 'Read 9 remaining paragraphs'), 'html');

    // Assess
    expect(story.body[0]).toBe(LEDE);
    expect(story.captions).toEqual(['Smoke rises over the plant on Monday. (Photo: Holm Courier)']);
  });

  it('returns caption and furniture, never substantive, when only a caption and a read-more counter change', () => {
    // Prepare
    const before = read(page('Smoke rises over the plant on Monday.', 'Read 9 remaining paragraphs'), 'html');
    const after = read(page('Firefighters at the plant on Monday night.', 'Read 12 remaining paragraphs'), 'html');

    // Act
    const result = summary(before, after);

    // Assess
    expect(result.kinds).toEqual(['caption', 'furniture']);
    expect(result.substantive).toBe(false);
    expect(result.stealth).toBe(false);
    expect(result.numbers).toEqual([]);
  });
});

describe('Judgement: any two versions compare as well as consecutive ones', () => {
  it('returns a moved, word-level edited sentence (not delete + insert) when a paragraph moves and one figure changes', () => {
    // Prepare
    const middle = ['Police closed the road to the plant until further notice.', 'The company said production would resume within days.'];
    const before = doc([LEDE, SECOND, ...middle, 'Fire crews used 40,000 litres of foam on the burning tanks.']);
    const after = doc([LEDE, 'Fire crews used 60,000 litres of foam on the burning tanks.', SECOND, ...middle]);

    // Act
    const result = summary(before, after);

    // Assess
    expect(values(result)).toEqual([[40000, 60000]]);
    expect(result.sentences).toMatchObject({ added: 0, removed: 0, edited: 1, moved: 1 });
  });

  it('returns every net figure change of the demo chain when v1 is compared with v5 directly', () => {
    // Prepare: read from the demo texts — toll 30 → 34 in the lede (35 in v2, 34 in v3), hospital 112 → 140 added
    // after v1, magnitude 6.1 → 6.4.
    const direct = summary(demoVersion(1), demoVersion(5));

    // Assess
    expect(values(direct)).toEqual(expect.arrayContaining([[30, 34], [6.1, 6.4], [null, 140]]));
    expect(direct.kinds).toContain('correction-note');
  });

  it('finds, comparing v1 with vN, every figure change the chain v1 → … → vN makes, net of reverts', () => {
    const CONTEXTS = ['workers were injured', 'fire engines were sent', 'homes were evacuated', 'tonnes of chlorine were stored', 'roads were closed', 'schools were shut'];
    const paragraph = (i: number, value: number) => `On the ${['first', 'second', 'third', 'fourth', 'fifth', 'sixth'][i]} count, ${value} ${CONTEXTS[i]}, officials said.`;
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 2, max: 999 }), { minLength: 6, maxLength: 6 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 2, max: 999 })), { minLength: 1, maxLength: 8 }),
        (start, edits) => {
          // Prepare: a chain of versions, each changing one figure (some back to an earlier value).
          const current = [...start];
          for (const [index, value] of edits) current[index] = value;
          const first = doc(start.map((value, i) => paragraph(i, value)));
          const last = doc(current.map((value, i) => paragraph(i, value)));

          // Act
          const result = summary(first, last);

          // Assess
          const expected = start.flatMap((value, i) => (value === current[i] ? [] : [[value, current[i]]]));
          expect(values(result).sort()).toEqual(expected.sort());
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('Judgement: headlines and significance', () => {
  it('returns a style headline change, not stealth, when "the" is dropped', () => {
    // Prepare / Act
    const result = summary(doc([LEDE, SECOND], 'Blast at the Holm chemical plant injures workers'), doc([LEDE, SECOND], 'Blast at Holm chemical plant injures workers'));

    // Assess
    expect(result.headlineChange).toBe('style');
    expect(result.stealth).toBe(false);
  });

  it('returns figure and rewrite headline classes as substantive', () => {
    // Prepare / Act
    const figure = summary(doc([LEDE], '12 hurt in Holm plant blast'), doc([LEDE], '14 hurt in Holm plant blast'));
    const rewrite = summary(doc([LEDE], 'Blast at Holm chemical plant'), doc([LEDE], 'Owner of Holm plant charged over safety failings'));

    // Assess
    expect([figure.headlineChange, figure.stealth]).toEqual(['figure', true]);
    expect([rewrite.headlineChange, rewrite.stealth]).toEqual(['rewrite', true]);
  });

  it('ranks significance: formatting < spelling < style < silent figure change < silent rewrite', () => {
    // Prepare
    const base = doc([LEDE, SECOND, QUOTE]);
    const ranked: [string, StoryDocument][] = [
      ['formatting', doc([LEDE.replace('Monday', 'monday'), SECOND, QUOTE])],
      ['spelling', doc([LEDE, SECOND.replace('fought', 'fougth'), QUOTE])],
      ['style', doc([LEDE.replace('12', 'twelve'), SECOND, QUOTE])],
      ['silent figure change', doc([LEDE.replace('12', '14'), SECOND, QUOTE])],
      [
        'silent rewrite',
        doc([
          'Investigators said on Tuesday that a faulty valve caused the explosion at the Holm works.',
          'The owner faces charges over missed safety inspections, prosecutors said.',
          QUOTE,
        ]),
      ],
    ];

    // Act
    const scores = ranked.map(([name, after]) => [name, summary(base, after).significance] as const);

    // Assess
    for (let i = 1; i < scores.length; i++) expect(scores[i]![1], `${scores[i]![0]} above ${scores[i - 1]![0]}`).toBeGreaterThan(scores[i - 1]![1]);
  });
});

describe('Judgement: two formats of one story', () => {
  it('returns formatChanged and not stealth when a ninjs dek arrives in the .txt as the first paragraph', () => {
    // Prepare
    const json = read(JSON.stringify({ headline: 'Blast at Holm chemical plant', description_text: 'Twelve workers hurt; the plant is shut.', versioncreated: '2026-11-30T10:00:00Z', body_text: `${LEDE}\n\n${SECOND}` }), 'ninjs');
    const text = read(`Blast at Holm chemical plant\n\nTwelve workers hurt; the plant is shut.\n\n${LEDE}\n\n${SECOND}\n`, 'text');

    // Act
    const result = compareDocuments(json, text, { previousFormat: 'ninjs', nextFormat: 'text' }).summary;

    // Assess
    expect(result.formatChanged).toBe(true);
    expect(result.substantive).toBe(false);
    expect(result.stealth).toBe(false);
  });

  it('returns formatChanged, compared field by field, not a rewrite, when a .json story is re-sent as .txt', () => {
    // Prepare
    const json = normalizeRevision(fixtureBytes('port-aldwin/v2.json'), 'ninjs');
    const text = normalizeRevision(fixtureBytes('port-aldwin/v2.txt'), 'text');

    // Act
    const result = compareDocuments(json, text, { previousFormat: 'ninjs', nextFormat: 'text' }).summary;

    // Assess
    expect(result.formatChanged).toBe(true);
    expect(result.kinds).not.toContain('rewrite');
    expect(result.stealth).toBe(false);
    expect(result.reasons.some((reason) => reason.includes('format changed'))).toBe(true);
  });
});

describe('Judgement: wording that says the same thing is style, on the patterns real copy edits show', () => {
  const styleOnly = (before: StoryDocument, after: StoryDocument) => {
    const result = summary(before, after);
    return { stealth: result.stealth, content: result.kinds.includes('content') || result.kinds.includes('rewrite') };
  };

  it('returns style, not stealth, when a compound is re-spelled joined, hyphenated or apart', () => {
    // Prepare
    const before = doc([`${LEDE} Its longstanding, well known terrain destruction rules, the spin-off plan and the followup report stay here.`, SECOND]);
    const after = doc([`${LEDE} Its long-standing, well-known terrain-destruction rules, the spinoff plan and the follow-up report stay.`, SECOND]);

    // Act, Assess
    expect(styleOnly(before, after)).toEqual({ stealth: false, content: false });
  });

  it('returns style, not stealth, when "number two" is written "No. 2" and when a contraction of function words goes', () => {
    // Prepare
    const before = doc([LEDE, 'Vietnam was number two, requesting that 335 apps be blocked.'], "Holm Live: What's the latest on the plant blast?");
    const after = doc([LEDE, 'Vietnam was No. 2, requesting that 335 apps be blocked.'], 'Holm Live: The latest on the plant blast');

    // Act, Assess
    expect(styleOnly(before, after)).toEqual({ stealth: false, content: false });
  });

  it('returns style, not stealth, when only furniture inside the text changes: a dateline, a kicker, escaped markup, a relative time, a credit', () => {
    // Prepare
    const before = doc([LEDE, 'The plant appeared in the series "Holm Nights." (Image credit: Screenshot from a Holm ad)'], 'LIVE UPDATES: Blast at Holm chemical plant');
    const after = doc([`HOLM, Ind. — ${LEDE}`, 'The plant appeared in the series <em>Holm Nights</em>. (Image credit: Screenshot from a Varga ad)'], 'Blast at Holm chemical plant 3 hours ago');

    // Act
    const result = summary(before, after);

    // Assess
    expect(result.stealth).toBe(false);
    expect(result.kinds).not.toContain('content');
    expect(result.numbers).toEqual([]);
  });

  it('returns no note and no substantive change when a paywall marker or a live-coverage rubric leaves a headline', () => {
    // Prepare
    const paywall = [doc(['Die Feuerwehr war mit drei Zügen im Einsatz.'], 'Z+ (abopflichtiger Inhalt); Holm 21: Eine Performance namens "Stillstand"'), doc(['Die Feuerwehr war mit drei Zügen im Einsatz.'], 'Holm 21: Eine Performance namens "Stillstand"')] as const;
    const live = [doc([LEDE], 'Holm plant blast LIVE updates: Fire crews on site'), doc([LEDE], 'Fire crews on site')] as const;

    // Act
    const [walled, rubric] = [summary(...paywall), summary(...live)];

    // Assess
    expect(walled.stealth).toBe(false);
    expect(walled.kinds).not.toContain('content');
    expect(rubric.kinds).not.toContain('note-removed');
  });

  it('still returns stealth when a dateline-led sentence changes a figure, or a real word after a kicker changes', () => {
    // Prepare
    const before = doc([`HOLM, Ind. — ${LEDE}`, SECOND], 'LIVE UPDATES: Blast at Holm chemical plant');
    const after = doc([`HOLM, Ind. — ${LEDE.replace('12', '14')}`, SECOND], 'LIVE UPDATES: Blast at Holm chemical plant, owner Varga arrested');

    // Act
    const result = summary(before, after);

    // Assess
    expect(result.stealth).toBe(true);
    expect(values(result)).toEqual([[12, 14]]);
    expect(result.headlineChange).toBe('rewrite');
  });

  it('returns style, not stealth, when a courtesy title is put before a name, or a quoted name moves within its headline', () => {
    // Prepare
    const title = [doc([LEDE, 'Varga\'s testimony was not short of drama.']), doc([LEDE, 'Ms Varga\'s testimony was not short of drama.'])] as const;
    const moved = [doc([LEDE], '»Miramar« in Holm: Tod im Spaßbad – die Gefahr war bekannt'), doc([LEDE], 'Holm: Tod im Spaßbad »Miramar« – die Gefahr war bekannt')] as const;

    // Act, Assess
    expect(styleOnly(...title)).toEqual({ stealth: false, content: false });
    expect(summary(...moved).stealth).toBe(false);
    expect(summary(...moved).headlineChange).not.toBe('rewrite');
  });

  it('returns style, not stealth, when "tomorrow" or "tonight" is re-written as the day it named, by each version\'s own date', () => {
    // Prepare: Thursday 30 May 2024, 18:39 in Buffalo; then Friday 31 May
    const before = doc([LEDE, 'The musical opens tomorrow at the Holm theatre, and the mayor speaks tonight.'], undefined, { updated: '2024-05-30T22:39:42Z' });
    const after = doc([LEDE, 'The musical opens on Friday at the Holm theatre, and the mayor speaks Thursday night.'], undefined, { updated: '2024-05-31T11:41:41Z' });
    const dutchBefore = doc(['De burgemeester spreekt vanavond in het theater van Holm.', SECOND], 'Holm', { updated: '2024-12-09T19:00:00+01:00' });
    const dutchAfter = doc(['De burgemeester spreekt maandagavond in het theater van Holm.', SECOND], 'Holm', { updated: '2024-12-10T09:00:00+01:00' });

    // Act, Assess
    expect(styleOnly(before, after)).toEqual({ stealth: false, content: false });
    expect(summary(dutchBefore, dutchAfter).kinds).not.toContain('content');
  });

  it('returns stealth when a year, a time of day or a date changes value, and style when it is only written another way', () => {
    // Prepare
    const changed = [
      ['The plant was founded in 1998.', 'The plant was founded in 1989.'],
      ['The mayor speaks at 3 p.m. on Friday.', 'The mayor speaks at 4 p.m. on Friday.'],
      ['The vote is on July 27.', 'The vote is on July 28.'],
    ];
    const rewritten = [
      ['The mayor speaks at 3 p.m. on Friday.', 'The mayor speaks at 15:00 on Friday.'],
      ['The vote is on July 27.', 'The vote is on 27 July.'],
    ];
    const german = [doc(['Die Feuerwehr war mit drei Zügen im Einsatz.'], 'Lotto am Samstag, 3.1.2026: Haben Sie gewonnen?'), doc(['Die Feuerwehr war mit drei Zügen im Einsatz.'], 'Lotto am Samstag, 3. Januar 2026: Haben Sie gewonnen?')] as const;
    const today = [
      doc(['Die Feuerwehr war mit drei Zügen im Einsatz.'], 'Ukraine-News heute: Kiew meldet Geländegewinne', { updated: '2023-07-27T10:00:00+02:00' }),
      doc(['Die Feuerwehr war mit drei Zügen im Einsatz.'], 'Ukraine-News am 27. Juli: Kiew meldet Geländegewinne', { updated: '2023-07-28T10:00:00+02:00' }),
    ] as const;

    // Act, Assess
    for (const [was, is] of changed) expect(styleOnly(doc([LEDE, was as string]), doc([LEDE, is as string]))).toEqual({ stealth: true, content: true });
    for (const [was, is] of rewritten) expect(styleOnly(doc([LEDE, was as string]), doc([LEDE, is as string]))).toEqual({ stealth: false, content: false });
    expect(summary(...german).stealth).toBe(false);
    expect(summary(...today).stealth).toBe(false);
  });

  it('still returns stealth when the day named changes, or a relative day has no version date to be read against', () => {
    // Prepare
    const moved = [doc([LEDE, 'The musical opens on Thursday at the Holm theatre.']), doc([LEDE, 'The musical opens on Friday at the Holm theatre.'])] as const;
    const postponed = [
      doc([LEDE, 'The musical opens tomorrow at the Holm theatre.'], undefined, { updated: '2024-05-30T22:39:42Z' }),
      doc([LEDE, 'The musical opens on Sunday at the Holm theatre.'], undefined, { updated: '2024-05-31T11:41:41Z' }),
    ] as const;
    const undated = [doc([LEDE, 'The musical opens tomorrow at the Holm theatre.']), doc([LEDE, 'The musical opens on Friday at the Holm theatre.'])] as const;

    // Act, Assess
    for (const [before, after] of [moved, postponed, undated]) expect(styleOnly(before, after)).toEqual({ stealth: true, content: true });
  });
});

describe('Judgement: quotes, names and titles', () => {
  it('returns no quote change for a spelling fix inside a quoted term, or a title put in or out of quotation marks, small words and all', () => {
    // Prepare
    const before = doc([LEDE, 'The plant keeps a "cononical" list of chemicals, the report said.', 'Workers watched "Apollo 13" that night.']);
    const after = doc([LEDE, 'The plant keeps a "canonical" list of chemicals, the report said.', 'Workers watched a film that night.']);
    const smallWords = [
      doc(['Ein bisschen „Game of Oil“, ein bisschen „Babylon Bohrturm“, erzählt die Serie.', 'Die Feuerwehr war mit drei Zügen im Einsatz.'], 'Explosion im Chemiewerk'),
      doc(['Die Serie erzählt vom Öl.', 'Die Feuerwehr war mit drei Zügen im Einsatz.'], 'Explosion im Chemiewerk'),
    ] as const;

    // Act
    const result = summary(before, after);
    const titled = summary(...smallWords);

    // Assess
    expect(result.quotes ?? []).toEqual([]);
    expect(result.kinds).not.toContain('quote');
    expect(titled.kinds).not.toContain('quote');
  });

  it('returns a quote change when a quoted term grows into another word, or a quoted sentence is added', () => {
    // Prepare
    const before = doc([LEDE, 'Unions called it a „Blockade“ of safety rules.']);
    const after = doc([LEDE, 'Unions called it a „Selbstblockade“ of safety rules.', '"We were never told about the leak," said Ines Varga.']);

    // Act
    const result = summary(before, after);

    // Assess
    expect(result.kinds).toContain('quote');
    expect(result.quotes).toEqual(expect.arrayContaining([expect.objectContaining({ op: 'edited' }), expect.objectContaining({ op: 'added' })]));
  });
});

describe('Judgement: a swapped word that carries a fact is never a rewording', () => {
  it.each([
    ['killed', 'injured'],
    ['approved', 'rejected'],
    ['arrested', 'released'],
    ['rose', 'fell'],
  ])('returns stealth content when "%s" becomes "%s", though the word is used elsewhere in the story', (was, is) => {
    // Prepare: both words already stand elsewhere, so neither is new to the story.
    const context = `Earlier reports said workers were ${was} or ${is}.`;
    const before = doc([LEDE, `Three workers were ${was} in the blast, police said.`, context]);
    const after = doc([LEDE, `Three workers were ${is} in the blast, police said.`, context]);

    // Act
    const result = summary(before, after);

    // Assess
    expect(result.stealth).toBe(true);
    expect(result.kinds).toContain('content');
  });

  it.each([
    ['The suspect is a man from Holm.', 'The suspect is a woman from Holm.'],
    ['Varga was charged with murder.', 'Varga was charged with manslaughter.'],
    ['The company said it would close the plant.', 'The company said it might close the plant.'],
    ['The mayor said the plant was safe.', 'The mayor said the plant was unsafe.'],
    ['The plant was fined for safety violations.', 'The plant was warned over safety violations.'],
    ['The fire started in the hall, police said.', 'The fire started in the hall, witnesses said.'],
    ['The fire started in the hall, according to police.', 'The fire started in the hall, according to the owner.'],
  ])('returns stealth content for a changed fact, certainty or attribution: "%s" → "%s"', (was, is) => {
    // Act
    const result = summary(doc([LEDE, was]), doc([LEDE, is]));

    // Assess
    expect(result.stealth).toBe(true);
    expect(result.kinds).toContain('content');
  });

  it.each([
    ['Bakery opens in the old town', 'The bakery will be celebrating the opening of its shop this weekend, and the shop is in the old town.', 'The bakery celebrated the opening of its shop this weekend, and the shop is in the old town.'],
    ['Die Nachricht des Tages', 'Der Hamburger SV verlor in Paderborn 0:1 und bleibt zweitklassig.', 'Der Hamburger SV hat in Paderborn mit 0:1 verloren und bleibt zweitklassig.'],
    ['Die Nachricht des Tages', 'Sarah Wiener: Die österreichische Köchin will nicht kandidieren.', 'Sarah Wiener will als Köchin aus Österreich nicht kandidieren.'],
  ])('returns no fact change for a tense, an inflection, or a word of another language (%s): "%s" → "%s"', (headline, was, is) => {
    // Act: each story in the sentence's own language.
    const result = summary(doc([was], headline), doc([is], headline));

    // Assess
    expect(result.kinds).not.toContain('content');
  });

  it('returns style when the swapped words carry the same fact ("rose" → "increased") or none ("rising" → "climbing")', () => {
    // Prepare
    const before = doc([LEDE, 'Output rose last year.', 'Prices are rising.']);
    const after = doc([LEDE, 'Output increased last year.', 'Prices are climbing.']);

    // Act
    const result = summary(before, after);

    // Assess
    expect(result.stealth).toBe(false);
    expect(result.kinds).not.toContain('content');
  });
});

describe('Judgement: notes, names and figures on the forms real copy shows', () => {
  it('returns note-removed for a topic update label ("Fish kill update: …") and no note for a rubric ("LIVE UPDATES:", "Energie-update:"), a one-word topic read as a note', () => {
    // Prepare
    const labelled = summary(doc([LEDE], 'Holm plant fire update: crews still on site'), doc([LEDE], 'Crews still on site at Holm plant'));
    const live = summary(doc([LEDE], 'LIVE UPDATES: Holm plant fire'), doc([LEDE], 'Holm plant fire'));
    const rubric = summary(doc([LEDE], 'Energie-update: zo gaat het met de gasprijs'), doc([LEDE], 'Gas-update: zo gaat het met de prijs'));
    const oneWord = summary(doc([LEDE], 'Holm plant fire: 3 dead'), doc([LEDE], 'Shooting update: Holm plant fire: 4 dead'));

    // Assess
    expect(labelled.notes).toEqual([expect.objectContaining({ op: 'removed', kind: 'update' })]);
    expect(live.notes ?? []).toEqual([]);
    expect(rubric.notes ?? []).toEqual([]);
    // One word of topic before "update:" may be a rubric ("Travel update:") or a note; read as a note, so never a false stealth.
    expect(oneWord.notes).toEqual([expect.objectContaining({ op: 'added', kind: 'update' })]);
    expect(oneWord.stealth).toBe(false);
    // The renamed rubric is a kicker, and "gasprijs" → "prijs" a rewording: not stealth.
    expect(rubric.stealth).toBe(false);
  });

  it('returns a headline style change, not stealth, for a kicker put before or taken from the same headline ("Covid-19 wrap: …"), and a rewrite when the rest changes too', () => {
    // Prepare
    const added = summary(doc([LEDE], 'Thousands respond to vaccination drive'), doc([LEDE], 'Covid-19 wrap: Thousands respond to vaccination drive'));
    const removed = summary(doc([LEDE], 'Die Geschichte hinter der Geschichte: Wie wir Zitate digitalisierten'), doc([LEDE], 'Wie wir Zitate digitalisierten'));
    const rewritten = summary(doc([LEDE], 'Thousands respond to vaccination drive'), doc([LEDE], 'Covid-19 wrap: Thousands protest vaccination drive'));

    // Assess
    expect(added.stealth).toBe(false);
    expect(removed.stealth).toBe(false);
    expect(rewritten.stealth).toBe(true);
  });

  it('returns no note for a standing service or briefing topic before "update:" ("Travel update:", "Coronavirus update:"), so the rewrite under it is stealth', () => {
    // Prepare: the explainer's kicker added, then a briefing kicker removed.
    const travel = summary(doc([LEDE], 'What are the travel rules for half term?'), doc([LEDE], 'Travel update: What are the new rules for holidays abroad?'));
    const briefing = summary(doc([LEDE], 'Coronavirus update: What are the symptoms?'), doc([LEDE], 'Coronavirus symptoms: How long should I self-isolate?'));

    // Assess
    expect(travel.notes ?? []).toEqual([]);
    expect(travel.stealth).toBe(true);
    expect(briefing.notes ?? []).toEqual([]);
    expect(briefing.kinds).not.toContain('note-removed');
    expect(briefing.stealth).toBe(true);
  });

  it('returns style for a name particle added ("Bourget Airport" → "Le Bourget Airport")', () => {
    // Prepare
    const before = doc([LEDE, 'His plane flew from Baku to Paris’s Bourget Airport.']);
    const after = doc([LEDE, 'His plane flew from Baku to Paris’ Le Bourget Airport.']);

    // Act, Assess
    expect(summary(before, after).stealth).toBe(false);
  });

  it('lists one change when a headline figure changes and the dek drops the old count ("2 aboard" → "6 aboard"; "Two people were on board" removed)', () => {
    // Prepare
    const before = doc(['Two people were on board, the aviation agency said.', 'The jet crashed into homes.'], 'Plane with 2 aboard crashes');
    const after = doc(['The jet crashed into homes.'], 'Plane with 6 aboard crashes');

    // Act, Assess
    expect(values(summary(before, after))).toEqual([[2, 6]]);
  });

  it('reads "130.000" in a Dutch headline as 130,000, from the languages of both versions', () => {
    // Prepare
    const before = doc([], 'Tickets voor Lowlands binnen twintig minuten uitverkocht');
    const after = doc([], 'Lowlands-tickets uitverkocht, 130.000 mensen in wachtrij');

    // Act, Assess
    expect(values(summary(before, after))).toContainEqual([null, 130000]);
  });
});

describe('Judgement: headlines set in title case', () => {
  it('returns a style headline, not stealth, for a word swapped or added in a title-case headline (capitals there are not names)', () => {
    // Prepare
    const before = doc([LEDE], 'Dispute Over Safety Rules Is a New Threat to Holm Plant');
    const after = doc([LEDE], 'Dispute Over Safety Rules Presents New Threat to the Holm Plant');

    // Act
    const result = summary(before, after);

    // Assess
    expect(result.stealth).toBe(false);
    expect(result.headlineChange).toBe('style');
  });

  it('returns a quote change when a quotation is dropped from a title-case headline', () => {
    // Prepare
    const before = doc([LEDE], '‘A Literal Coverup’: What Is Holm Hiding Behind Those Tarps?');
    const after = doc([LEDE], 'What’s Behind Those Tarps at Holm?');

    // Act
    const result = summary(before, after);

    // Assess
    expect(result.kinds).toContain('quote');
    expect(result.stealth).toBe(true);
  });

  it('returns stealth when the words after an unchanged topic update label change: the label discloses nothing new', () => {
    // Prepare
    const before = doc([LEDE], 'Holm water system update: Boil water advisory issued');
    const after = doc([LEDE], 'Holm water system update: Boil water advisory lifted');

    // Act
    const result = summary(before, after);

    // Assess
    expect(result.stealth).toBe(true);
    expect(result.notes ?? []).toEqual([]);
  });
});

describe('Judgement: front-page card metadata glued to a title', () => {
  it('returns no substantive change when only the byline, time, section or reading time of a card changes', () => {
    // Prepare
    const before = doc([LEDE], 'Die Lage am Morgen: Holm Von Ida Berg 06.10 Uhr • Politik • 5 Min Zur Merkliste hinzufügen');
    const after = doc([LEDE], 'Die Lage am Morgen: Holm Von Ida Berg 3. Januar, 06.10 Uhr • Politik • 6 Min Zur Merkliste hinzufügen');

    // Act
    const result = summary(before, after);

    // Assess
    expect(result.stealth).toBe(false);
    expect(result.substantive).toBe(false);
    expect(result.numbers).toEqual([]);
  });
});

describe('Judgement: live-coverage rubrics, bylines and figures re-counted in a headline', () => {
  it('returns no substantive change when only a live blog\'s rubric changes from open to closed ("… LIVE:" → "As the day unfolded:")', () => {
    // Prepare
    const before = doc([LEDE], 'Holm blast LIVE updates: Plant shut as 12 workers are treated');
    const after = doc([LEDE], 'As the day unfolded: Plant shut as 12 workers are treated');

    // Act
    const result = summary(before, after);

    // Assess
    expect(result.substantive).toBe(false);
    expect(result.stealth).toBe(false);
  });

  it('reads the figures and words of a headline whose topic before "LIVE:" changed, and of a story sentence that only starts like a prompt ("Find out why police arrested 3 men")', () => {
    // Act
    const topic = summary(doc([LEDE], 'Holm blast kills 12 LIVE updates: Plant shut'), doc([LEDE], 'Holm blast kills 15 LIVE updates: Plant shut'));
    const prompt = summary(doc([LEDE]), doc([LEDE, 'Find out why police arrested 3 men on Tuesday.']));

    // Assess
    expect(values(topic)).toEqual([[12, 15]]);
    expect(prompt.substantive).toBe(true);
    expect(values(prompt)).toEqual([[null, 3]]);
  });

  it('returns no substantive change when a teaser\'s live-blog closing line gains its date ("Die News." → "Das waren die News am 27. Oktober.")', () => {
    // Prepare
    const before = doc(['Die Feuerwehr löschte den Brand im Werk Holm. Die News.'], 'Brand im Werk Holm');
    const after = doc(['Die Feuerwehr löschte den Brand im Werk Holm. Das waren die News am 27. Oktober.'], 'Brand im Werk Holm');

    // Act
    const result = summary(before, after);

    // Assess
    expect(result.substantive).toBe(false);
    expect(result.numbers).toEqual([]);
  });

  it('returns stealth when a name credited in the byline is replaced or added without a note, and no change when the same credit is re-written', () => {
    // Prepare
    const before = doc([LEDE, SECOND], undefined, { byline: 'The Associated Press' });
    const swapped = doc([LEDE, SECOND], undefined, { byline: 'Ines Varga' });
    const added = doc([LEDE, SECOND], undefined, { byline: 'The Associated Press and Ines Varga' });

    // Act
    const swap = summary(before, swapped);
    const addition = summary(before, added);

    // Assess
    expect(swap.kinds).toEqual(['byline']);
    expect(swap.stealth).toBe(true);
    expect(swap.reasons.join(' ')).toContain('added, replaced or removed');
    // A co-author credited silently is a change of who answers for the story (the labelled convention).
    expect(addition.kinds).toEqual(['byline']);
    expect(addition.stealth).toBe(true);
    // The same credit written otherwise: initials spelled out, accents, a role dropped.
    for (const [was, is] of [['AP', 'Associated Press'], ['By Jose Garcia', 'By José García'], ['By Jane Arraf, staff writer', 'By Jane Arraf']]) {
      expect(summary(doc([LEDE, SECOND], undefined, { byline: was }), doc([LEDE, SECOND], undefined, { byline: is })).substantive).toBe(false);
    }
  });

  it('pairs a headline\'s count re-counted in new words ("More than 1,500 employees affected" → "loss of 1,550 jobs"), and not a count ten times larger', () => {
    // Prepare
    const before = doc([SECOND], 'More than 1,500 employees affected as Holm plant shuts');
    const after = doc([SECOND], "'Nothing short of a betrayal': union decries loss of 1,550 jobs");
    const farther = doc([SECOND], "'Nothing short of a betrayal': union decries loss of 15,500 jobs");

    // Act / Assess
    expect(values(summary(before, after))).toEqual([[1500, 1550]]);
    expect(values(summary(before, farther))).toEqual([[1500, null], [null, 15500]]);
  });

  it('returns stealth when a hedge is added to a claim ("was stabbed" → "was allegedly stabbed"), and a furniture change when a teaser drops its "Find out how …" prompt', () => {
    // Prepare
    const before = doc(['A worker was stabbed at the Holm plant, police said.']);
    const hedged = doc(['A worker was allegedly stabbed at the Holm plant, police said.']);
    const prompted = doc(['Five workers turned a hobby into a business. Find out how they got started on these unusual hobbies.']);
    const unprompted = doc(['Five workers turned a hobby into a business.']);

    // Act
    const hedge = summary(before, hedged);
    const prompt = summary(prompted, unprompted);

    // Assess
    expect(hedge.stealth).toBe(true);
    expect(prompt.substantive).toBe(false);
    expect(prompt.kinds).toEqual(['furniture']);
  });

  it('returns a furniture change when a live blog\'s call to follow it is re-worded ("Follow the latest updates here." → "See how the rest of the day\'s developments unfolded with our live blog."), and stealth when a news sentence replaces it', () => {
    // Prepare
    const NEWS = 'Gatherings of up to 100 people are allowed from midday today.';
    const live = doc([`${NEWS} Follow the latest updates here.`], 'As it happened: Holm plant blast updates');
    const closed = doc([`${NEWS} See how the rest of the day's developments unfolded with our live blog.`], 'As it happened: Holm plant blast updates');
    const news = doc([`${NEWS} Two workers were hurt.`], 'As it happened: Holm plant blast updates');

    // Act
    const rewritten = summary(live, closed);
    const replaced = summary(live, news);

    // Assess
    expect(rewritten.substantive).toBe(false);
    expect(rewritten.kinds).toEqual(['furniture']);
    expect(replaced.stealth).toBe(true);
  });

  it('returns no substantive change when a headline swaps one name of a referent for another ("coronavirus" → "Covid-19"), and a rewrite when the name is of someone else', () => {
    // Act
    const alias = summary(doc([LEDE], 'Holm approves experimental coronavirus drug'), doc([LEDE], 'Holm approves experimental Covid-19 drug'));
    const other = summary(doc([LEDE], 'Holm approves experimental coronavirus drug'), doc([LEDE], 'Holm approves experimental Ebola drug'));

    // Assess
    expect(alias.substantive).toBe(false);
    expect(other.stealth).toBe(true);
  });

  it('returns a substantive change but no quote change when a title in quotation marks is corrected ("»Talking Out Loud«" → "»Thinking Out Loud«")', () => {
    // Prepare
    const before = doc(['Der Sänger soll für seinen Hit »Talking Out Loud« einen Song kopiert haben.'], 'Prozess gegen Sänger');
    const after = doc(['Der Sänger soll für seinen Hit »Thinking Out Loud« einen Song kopiert haben.'], 'Prozess gegen Sänger');

    // Act
    const result = summary(before, after);

    // Assess
    expect(result.quotes ?? []).toEqual([]);
    expect(result.stealth).toBe(true);
  });

  it('returns no substantive change when a feed cuts its excerpt one word earlier ("… to be highly infectious by doctors ..." → "… to be ...") or names gain their accents, and a change when the words before the cut differ', () => {
    // Act
    const cut = summary(doc([LEDE, 'He is considered to be highly infectious by doctors ...']), doc([LEDE, 'He is considered to be ...']));
    const changed = summary(doc([LEDE, 'He is considered to be highly infectious by doctors ...']), doc([LEDE, 'He is no longer considered ...']));
    // Macrons and accents put on names ("Turoa" → "Tūroa", "Ruapehū" → "Ruapehu") are spelling.
    const accents = summary(
      doc(['An Auckland man was on Turoa skifield on Mt Ruapehū before testing positive.', 'The man was at Turoa skifield on Sunday.'], 'Auckland man with Covid was on Mt Ruapehū skifield'),
      doc(['An Auckland man was on Tūroa skifield on Mt Ruapehu before testing positive.', 'The man was at Tūroa skifield on Sunday.'], 'Auckland man with Covid was on Mt Ruapehu skifield'),
    );

    // Assess
    expect(cut.substantive).toBe(false);
    expect(changed.stealth).toBe(true);
    expect(accents.substantive).toBe(false);
  });

  it('returns no substantive change when a word shortened with an apostrophe is written out ("S\'poreans" → "Singaporeans", "Gov\'t" → "Government"), and a change when another word replaces it', () => {
    // Act
    const written = summary(doc([LEDE, 'Four S\'poreans were among the cases, the Gov\'t said.'], "682 cases; 4 S'poreans among them"), doc([LEDE, 'Four Singaporeans were among the cases, the Government said.'], '682 cases; 4 Singaporeans among them'));
    const shortened = summary(doc([LEDE, 'The Int\'l Monetary Fund agreed.']), doc([LEDE, "The International Monetary Fund agreed."]));
    const other = summary(doc([LEDE, 'Four S\'poreans were among the cases.']), doc([LEDE, 'Four Sri Lankans were among the cases.']));

    // Assess
    expect(written.substantive).toBe(false);
    expect(shortened.substantive).toBe(false);
    expect(other.stealth).toBe(true);
  });

  it('pairs the one amount a headline loses with the one it gains in the same currency ("Sets Out $824 Billion Plan" → "Plans $2 Trillion Effort"), and leaves two come for one gone unpaired', () => {
    // Act
    const one = summary(doc([LEDE], 'European Union Sets Out $824 Billion Virus Recovery Plan'), doc([LEDE], 'EU Plans $2 Trillion Coronavirus Response Effort'));
    const two = summary(doc([LEDE], 'European Union Sets Out $824 Billion Virus Recovery Plan'), doc([LEDE], 'EU Plans $2 Trillion Effort With $1 Trillion Loans'));
    const currencies = summary(doc([LEDE], 'Union Sets Out $824 Billion Plan'), doc([LEDE], 'Union Plans €2 Trillion Effort'));

    // Assess
    expect(values(one)).toEqual([[824_000_000_000, 2_000_000_000_000]]);
    expect(values(two)).toEqual(expect.arrayContaining([[824_000_000_000, null], [null, 2_000_000_000_000], [null, 1_000_000_000_000]]));
    expect(values(two)).toHaveLength(3);
    expect(values(currencies)).toEqual(expect.arrayContaining([[824_000_000_000, null], [null, 2_000_000_000_000]]));
    expect(values(currencies)).toHaveLength(2);
  });

  it('returns no substantive change when a headline shortens or lengthens a name it keeps ("Dominic Cummings" → "Cummings"), and a rewrite when a name is swapped or dropped whole', () => {
    // Act
    const shortened = summary(doc([LEDE], 'Inquiry: Dominic Cummings attended meetings of key group'), doc([LEDE], 'Inquiry: Cummings attended meetings of key group'));
    const lengthened = summary(doc([LEDE], 'Inquiry: Cummings attended meetings of key group'), doc([LEDE], 'Inquiry: Dominic Cummings attended meetings of key group'));
    const swapped = summary(doc([LEDE], 'Inquiry: John Smith attended meetings of key group'), doc([LEDE], 'Inquiry: Jane Smith attended meetings of key group'));
    const dropped = summary(doc([LEDE], 'Holm plant owner Peter Holm sued over blast'), doc([LEDE], 'Holm plant owner sued over blast'));

    // Assess
    expect(shortened.substantive).toBe(false);
    expect(lengthened.substantive).toBe(false);
    expect(swapped.stealth).toBe(true);
    expect(dropped.stealth).toBe(true);
  });

  it('returns stealth when a headline names the kind of event it called an incident ("an incident" → "a shooting"), and no substantive change when it swaps words of one kind ("explosion" → "blast")', () => {
    // Act
    const named = summary(doc([LEDE], '1 person dead following an incident on Holm Street'), doc([LEDE], '1 person dead following a shooting on Holm Street'));
    const reworded = summary(doc([LEDE], 'Explosion at Holm plant injures 12'), doc([LEDE], 'Blast at Holm plant injures 12'));
    const LEDE_DE = 'Bei einer Explosion im Holm-Werk wurden am Montag zwölf Arbeiter verletzt, teilte das Unternehmen mit.';
    const german = summary(doc([LEDE_DE], 'Ein Toter nach Vorfall in Holm'), doc([LEDE_DE], 'Ein Toter nach Schießerei in Holm'));

    // Assess
    expect(named.stealth).toBe(true);
    expect(reworded.substantive).toBe(false);
    expect(german.stealth).toBe(true);
  });

  it('pairs a single value with the nearest end of the range that replaces it ("up to 50 mph" → "30-45 mph")', () => {
    // Prepare
    const before = doc(['Winds are expected to gust up to 50 mph later tonight.']);
    const after = doc(['Winds are expected to gust up to 30-45 mph until noon Tuesday.']);

    // Act / Assess
    expect(values(summary(before, after))).toEqual([[50, 45], [null, 30]]);
  });
});

describe('Judgement: a year told from the version\'s date', () => {
  const dated = (sentence: string, headline = 'Holm plant manager admits assault') => doc([LEDE, sentence], headline, { updated: '2023-01-05T10:00:00Z' });

  it('returns no substantive change when "32 years ago" is written out as the year it counts back to ("in 1991"), in English, Dutch and German', () => {
    // Act
    const english = summary(dated('He admitted an assault 32 years ago, police said.'), dated('He admitted an assault in 1991, police said.'));
    const dutch = summary(
      doc(['De bondscoach gaf een verklaring.'], 'Bondscoach geeft geweld van 32 jaar geleden toe', { updated: '2023-01-05T10:00:00Z' }),
      doc(['De bondscoach gaf een verklaring.'], 'Bondscoach geeft geweld uit 1991 toe', { updated: '2023-01-05T10:00:00Z' }),
    );
    const german = summary(
      doc(['Der Trainer gab eine Erklärung ab.'], 'Trainer gesteht Gewalt vor 32 Jahren', { updated: '2023-01-05T10:00:00Z' }),
      doc(['Der Trainer gab eine Erklärung ab.'], 'Trainer gesteht Gewalt im Jahr 1991', { updated: '2023-01-05T10:00:00Z' }),
    );

    // Assess
    expect([english.substantive, dutch.substantive, german.substantive]).toEqual([false, false, false]);
  });

  it('returns a substantive change when the year written out is not the one the relative date counts back to, or the version has no date', () => {
    // Act
    const wrongYear = summary(dated('He admitted an assault 32 years ago, police said.'), dated('He admitted an assault in 1981, police said.'));
    const undated = summary(doc([LEDE, 'He admitted an assault 32 years ago, police said.']), doc([LEDE, 'He admitted an assault in 1991, police said.']));

    const earlier = summary(dated('He was first arrested in 2010, and 30 years earlier had fled.'), dated('He was first arrested in 2010, and in 1993 had fled.'));

    // Assess
    expect(wrongYear.stealth).toBe(true);
    expect(undated.substantive).toBe(true);
    // "30 years earlier" counts back from another event, not from the version's date.
    expect(earlier.substantive).toBe(true);
  });
});

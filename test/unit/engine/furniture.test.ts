import { describe, expect, it } from 'vitest';
import { TEXT_FURNITURE_RULES, inlineFurniture, placementOfText, sortParagraphs } from '../../../lambdas/core/engine/furniture.ts';
import { normalizeRevision, renderCanonical, type StoryDocument } from '../../../lambdas/core/engine/index.ts';
import { encode } from './helpers.ts';

const html = (text: string) => normalizeRevision(encode(text), 'html');

/** Every line of canonical text that is not a caption or furniture line. */
const storyLines = (doc: StoryDocument) =>
  renderCanonical(doc)
    .split('\n')
    .filter((line) => !line.startsWith('caption: ') && !line.startsWith('furniture: '));

// Furniture as it arrives as plain paragraphs (feeds, text, Markdown), with the list it belongs in.
const FURNITURE_TEXTS: ReadonlyArray<readonly [string, 'caption' | 'furniture']> = [
  ['Photo: Karin Lund/Holm Tidende', 'caption'],
  ['Image credit: Coast Guard handout', 'caption'],
  ['Foto: Jan Berger/dpa', 'caption'],
  ['Bild: Keystone/Peter Klaunzer', 'caption'],
  ['Rescuers search the collapsed pier in Holm on Tuesday. (AP Photo/Mara Quist)', 'caption'],
  ['(c) AP Photo/Mara Quist', 'caption'],
  ['© Reuters/Jon Berg', 'caption'],
  ['© 2026 The Holm Courier. All rights reserved.', 'furniture'],
  ['Continue reading…', 'furniture'],
  ['Continue reading (9 more paragraphs)', 'furniture'],
  ['Continue reading the main story', 'furniture'],
  ['Read more »', 'furniture'],
  ['Weiterlesen', 'furniture'],
  ['Read more: Ferry operator warns of winter delays', 'furniture'],
  ['Related: Holm council approves new pier', 'furniture'],
  ['(9 more paragraphs)', 'furniture'],
  ['Read 30 remaining paragraphs | Comments', 'furniture'],
  ['Read full article', 'furniture'],
  ['Comments', 'furniture'],
  ['[…]', 'furniture'],
  ['[+2345 chars]', 'furniture'],
  ['1.2K shares', 'furniture'],
  ['34 comments', 'furniture'],
  ['Comments (12)', 'furniture'],
  ['Share this story on social media', 'furniture'],
  ['Share on Facebook', 'furniture'],
  ['Sign up for our newsletter to get the day’s top stories in your inbox.', 'furniture'],
  ['Subscribe to our daily briefing', 'furniture'],
  ['The post Ferry halted after storm appeared first on Holm Courier.', 'furniture'],
  ['.embed-container { position: relative; padding-bottom: 56.25%; height: 0; } .embed-container iframe { position: absolute; ...', 'furniture'],
  ['VIRUS LATEST\n* Global cases hit 3.7 million, with 260,000 deaths\n* Level 2 rules to be unveiled today', 'furniture'],
  ['COVID LATEST • Auckland moves to level 3', 'furniture'],
  ['Read full article', 'furniture'],
  ['Read 16 remaining paragraphs | Comments', 'furniture'],
  ['Comments', 'furniture'],
  ['_____________', 'furniture'],
  ['Reacties', 'furniture'],
  ['Updated 3:15 p.m. ET', 'furniture'],
  ['08 December, 2024', 'furniture'],
  ['Last updated: 20.11.2026 14:05 Uhr', 'furniture'],
  ['Bijgewerkt op 20 november 2026 om 13:05', 'furniture'],
];

// Sentences a reporter writes that share words with the rules above: they must stay story text.
const STORY_SENTENCES = [
  'Read more than 40 pages of the report, the judge told jurors on Tuesday.',
  'Continue reading the statement, she said, and you will see that 14 workers were on site.',
  'The photo shows the pier before the storm, the operator said.',
  'Photographs taken by residents show water reaching the second floor.',
  'Copyright lawyers said the ruling could affect 1,200 publishers.',
  'About 400 commuters use the crossing each day.',
  'The post office in Holm will stay open until 8 p.m., the council said.',
  'Subscribers to the ferry pass will get a refund, the operator said.',
  'Share prices of the operator fell 12% on Tuesday.',
  '"Sign up now or lose your place," the mayor told residents at the briefing.',
  'Related costs rose to €2.4 million, the audit found.',
  'He said 1.2K shares was a rumour.',
  'Comments from residents filled two hours of the meeting.',
  'Read 30 remaining pages of the report before the vote, the mayor urged.',
  'The company said 14 workers were on site when the fire started (the plant employs 300).',
  'March 2024',
  'Updated with police statement',
  'Updated: the company has since said 14 workers were on site.',
  'In 2024',
  'Comments from residents were mixed, the council said.',
  'Holm plant { the one by the river } employs 300 people: it said so.',
  'LATEST figures show 14 workers were on site.',
  'The council published the LATEST count: 14 workers.',
];

describe('Function: placementOfText (text rules)', () => {
  it.each(FURNITURE_TEXTS)('returns %j as %s', (text, expected) => {
    // Prepare / Act
    const placement = placementOfText(text);

    // Assess
    expect(placement).toBe(expected);
  });

  it('has an example above for every rule in the table (a rule without one is untested)', () => {
    // Prepare
    const examples = FURNITURE_TEXTS.map(([text]) => text);

    // Act
    const untested = TEXT_FURNITURE_RULES.filter((rule) => !examples.some((text) => rule.pattern.test(text)));

    // Assess
    expect(untested.map((rule) => rule.why)).toEqual([]);
  });

  it.each(STORY_SENTENCES)('returns undefined (story text) for the sentence %j', (sentence) => {
    // Prepare / Act
    const placement = placementOfText(sentence);

    // Assess
    expect(placement).toBeUndefined();
  });

  it('splits a feed counter off the end of a paragraph and keeps the words before it as story text', () => {
    // Prepare
    const paragraphs = ['The ferry stopped running on Tuesday. (9 more paragraphs)', 'The council met on Monday to discuss […]', 'The pier reopens in May.Read 13 remaining paragraphs'];

    // Act
    const sorted = sortParagraphs(paragraphs);

    // Assess
    expect(sorted).toEqual({
      body: ['The ferry stopped running on Tuesday.', 'The council met on Monday to discuss', 'The pier reopens in May.'],
      captions: [],
      furniture: ['(9 more paragraphs)', '[…]', 'Read 13 remaining paragraphs'],
    });
  });
});

describe('Function: normalizeRevision (captions and furniture)', () => {
  it('returns a figure caption as a caption, never as the lede', () => {
    // Prepare
    const page = `<article><h1>Ferry halted after storm</h1>
      <figure><img src="pier.jpg" alt=""><figcaption>The damaged pier at Holm on Tuesday. <span class="credit">Karin Lund/Holm Tidende</span></figcaption></figure>
      <p>The ferry between Holm and Stavik stopped running on Tuesday.</p>
      <p>About 400 commuters use the crossing each day.</p></article>`;

    // Act
    const doc = html(page);

    // Assess
    expect(doc.body[0]).toBe('The ferry between Holm and Stavik stopped running on Tuesday.');
    expect(doc.captions).toEqual(['The damaged pier at Holm on Tuesday. Karin Lund/Holm Tidende']);
  });

  it.each([
    ['wp-caption-text', '<div class="wp-caption"><img src="a.jpg"><p class="wp-caption-text">Workers inspect the pier.</p></div>'],
    ['photo-credit', '<p class="photo-credit">Photo: Karin Lund</p>'],
    ['image-credit', '<span class="image-credit">Coast Guard handout</span>'],
    ['media-caption', '<div class="media-caption"><p>Workers inspect the pier.</p></div>'],
    ['caption', '<p class="caption">Workers inspect the pier.</p>'],
  ])('returns the text of an element of class %s as a caption', (_, markup) => {
    // Prepare
    const page = `<article><h1>Ferry halted</h1>${markup}<p>The ferry stopped running on Tuesday.</p></article>`;

    // Act
    const doc = html(page);

    // Assess
    expect(doc.body).toEqual(['The ferry stopped running on Tuesday.']);
    expect(doc.captions).toHaveLength(1);
  });

  it('returns asides, related lists, newsletter boxes, counters and read-more blocks as furniture, in document order', () => {
    // Prepare
    const page = `<article><h1>Ferry halted</h1>
      <div class="share-count">1.2K shares</div>
      <p>The ferry stopped running on Tuesday.</p>
      <aside><h3>More on this story</h3><ul><li>Holm council approves new pier</li></ul></aside>
      <p>About 400 commuters use the crossing each day.</p>
      <div class="newsletter-signup"><p>Get the Holm Courier in your inbox every morning.</p></div>
      <nav class="story-tags"><a href="/t/ferries">Ferries</a></nav>
      <p class="read-more"><a href="/full">Continue reading</a></p>
      <span class="comment-count">34</span>
      <section class="comments"><p>Reader: this is a disgrace, 5 stars</p></section>
    </article>`;

    // Act
    const doc = html(page);

    // Assess
    expect(doc.body).toEqual(['The ferry stopped running on Tuesday.', 'About 400 commuters use the crossing each day.']);
    expect(doc.furniture).toEqual([
      '1.2K shares',
      'More on this story',
      'Holm council approves new pier',
      'Get the Holm Courier in your inbox every morning.',
      'Ferries',
      'Continue reading',
      '34',
    ]);
    expect(renderCanonical(doc)).not.toContain('disgrace');
  });

  it('drops site navigation outside the article, as before', () => {
    // Prepare
    const page = `<body><nav><a href="/news">News</a> <a href="/sport">Sport</a></nav><article><h1>Ferry halted</h1><p>The ferry stopped.</p></article></body>`;

    // Act
    const doc = html(page);

    // Assess
    expect(doc).toEqual({ headline: 'Ferry halted', body: ['The ferry stopped.'] });
  });

  it('returns a credit inside a paragraph as a caption and the paragraph without it', () => {
    // Prepare
    const page = `<article><h1>Ferry halted</h1><p>The ferry stopped running on Tuesday. <span class="photo-credit">Photo: Karin Lund</span></p></article>`;

    // Act
    const doc = html(page);

    // Assess
    expect(doc.body).toEqual(['The ferry stopped running on Tuesday.']);
    expect(doc.captions).toEqual(['Photo: Karin Lund']);
  });

  it('returns the same story lines for two pages that differ only in captions and furniture', () => {
    // Prepare
    const story = '<p>The ferry between Holm and Stavik stopped running on Tuesday.</p><p>About 400 commuters use the crossing each day.</p>';
    const before = `<article><h1>Ferry halted</h1><p class="byline">By Mara Quist</p>
      <figure><figcaption>The pier on Monday. Photo: K. Lund</figcaption></figure>${story}
      <div class="share-count">120 shares</div><p>Continue reading (9 more paragraphs)</p></article>`;
    const after = `<article><h1>Ferry halted</h1><p class="byline">By Mara Quist</p>
      <figure><figcaption>The pier on Tuesday, after the storm. Photo: J. Berg/Holm Tidende</figcaption></figure>${story}
      <div class="share-count">1.2K shares</div><aside class="related"><p>Related: Storm closes schools</p></aside>
      <p>Continue reading (12 more paragraphs)</p><p>Sign up for our newsletter</p></article>`;

    // Act
    const a = html(before);
    const b = html(after);

    // Assess
    expect(b.body).toEqual(a.body);
    expect(storyLines(b)).toEqual(storyLines(a));
    expect(renderCanonical(b)).not.toBe(renderCanonical(a));
  });

  it('returns feed furniture in a text upload as furniture and captions, not as body paragraphs', () => {
    // Prepare
    const text = [
      'Ferry halted after storm',
      '',
      'Photo: Karin Lund/Holm Tidende',
      '',
      'The ferry between Holm and Stavik stopped running on Tuesday.',
      '',
      'About 400 commuters use the crossing each day.',
      '',
      'Continue reading (9 more paragraphs)',
    ].join('\n');

    // Act
    const doc = normalizeRevision(encode(text), 'text');

    // Assess
    expect(doc).toEqual({
      headline: 'Ferry halted after storm',
      captions: ['Photo: Karin Lund/Holm Tidende'],
      furniture: ['Continue reading (9 more paragraphs)'],
      body: ['The ferry between Holm and Stavik stopped running on Tuesday.', 'About 400 commuters use the crossing each day.'],
    });
  });

  it('returns a byline after a leading photo credit in Markdown', () => {
    // Prepare
    const md = '# Ferry halted\n\n![pier](pier.jpg)\n\n*Photo: Karin Lund*\n\nBy Mara Quist\n\nThe ferry stopped running on Tuesday.\n';

    // Act
    const doc = normalizeRevision(encode(md), 'markdown');

    // Assess
    expect(doc).toEqual({ headline: 'Ferry halted', byline: 'By Mara Quist', captions: ['Photo: Karin Lund'], body: ['The ferry stopped running on Tuesday.'] });
  });
});

describe('Function: inlineFurniture', () => {
  it.each([
    ['The series <em>Holm Nights</em>.<br>', ['<em>', '</em>', '<br>']],
    ['HOLM, Ind. — A blast injured 12 workers.', ['HOLM, Ind. — ']],
    ['WASHINGTON (AP) — The vote failed.', ['WASHINGTON (AP) — ']],
    ['LIVE UPDATES: Blast at Holm plant', ['LIVE UPDATES: ']],
    ['Energie-update: zo gaat het met de prijs', ['Energie-update: ']],
    ['Blast at Holm plant Vor 1 Stunde', [' Vor 1 Stunde']],
    ['Blast at Holm plant 3 hours ago', [' 3 hours ago']],
    ['The plant is big. (Image credit: Screenshot from a Holm ad)', ['(Image credit: Screenshot from a Holm ad)']],
    ['Die Lage am Morgen Von Ida Berg 3. Januar, 06.10 Uhr • Politik • 5 Min Zur Merkliste hinzufügen', [' Von Ida Berg 3. Januar, 06.10 Uhr • Politik • 5 Min Zur Merkliste hinzufügen']],
  ])('finds the furniture inside %j', (text, expected) => {
    // Act
    const spans = inlineFurniture(text).map(([start, end]) => text.slice(start, end));

    // Assess
    expect(spans).toEqual(expected);
  });

  it.each([
    'Police said the blast came 3 hours after the shift began.',
    'NASA said the launch was delayed.',
    'Update: the company said 14 workers were hurt.',
    'The mayor said "no" twice.',
  ])('finds nothing in story text: %j', (text) => {
    // Act, Assess
    expect(inlineFurniture(text)).toEqual([]);
  });
});

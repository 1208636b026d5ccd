import { describe, expect, it } from 'vitest';
import { normalizeRevision, renderCanonical } from '../../../lambdas/core/engine/index.ts';
import { FIXTURE_FORMATS, encode, portAldwin, rejection } from './helpers.ts';

describe('Function: normalizeRevision', () => {
  it('returns the same canonical text for every format of the same revision', () => {
    // Prepare
    const extensions = Object.keys(FIXTURE_FORMATS);

    // Act
    const bodies = extensions.map((extension) => portAldwin(1, extension));

    // Assess
    for (const doc of bodies) {
      expect(doc.headline).toBe('Fire at chemical plant forces evacuation in Port Aldwin');
      expect(doc.byline).toBe('By Idris Kane');
      expect(doc.body).toEqual(bodies[0]?.body);
    }
    expect(bodies[0]?.body).toHaveLength(5);
  });

  it('drops navigation, scripts, styles, ads and footers from HTML and keeps share tools and asides as furniture', () => {
    // Prepare
    const doc = portAldwin(1, 'html');

    // Act
    const canonical = renderCanonical(doc);

    // Assess
    for (const noise of ['News', 'Sport', 'Harbour Motors', 'tracking', 'dataLayer', 'display: block', 'All rights reserved', 'trackPageView']) {
      expect(canonical).not.toContain(noise);
    }
    expect(doc.furniture).toEqual(['Share this story on social media', 'Related: Port Aldwin council approves new harbour wall']);
    expect(doc.body.join('\n')).not.toMatch(/Share this story|Related:/);
    expect(doc.body[0]).toMatch(/^A fire broke out/);
  });

  it('returns the densest text block when the page has no article or main element', () => {
    // Prepare
    const html = `<html><body><div class="menu"><p>Home</p></div><div id="story"><h1>Flood warning</h1><p>The river rose two metres overnight.</p><p>Residents moved to higher ground.</p></div><div><p>Weather: 12°C</p></div></body></html>`;

    // Act
    const doc = normalizeRevision(encode(html), 'html');

    // Assess
    expect(doc).toEqual({ headline: 'Flood warning', body: ['The river rose two metres overnight.', 'Residents moved to higher ground.'] });
  });

  it('returns text with <br> as a space and entities decoded', () => {
    // Prepare
    const html = '<article><h1>Rates &amp; bonds</h1><p>Line one<br>line two &mdash; done</p></article>';

    // Act
    const doc = normalizeRevision(encode(html), 'html');

    // Assess
    expect(doc.headline).toBe('Rates & bonds');
    expect(doc.body).toEqual(['Line one line two — done']);
  });

  it('returns inline runs inside a div as one paragraph, and two <br> in a row as a paragraph break', () => {
    // Prepare
    const html = '<article><h1>Ferry halted</h1><div>The ferry <em>stopped</em> running on <a href="/t">Tuesday</a>.</div><div>Line one<br>line two<br><br>Second paragraph.</div></article>';

    // Act
    const doc = normalizeRevision(encode(html), 'html');

    // Assess
    expect(doc.body).toEqual(['The ferry stopped running on Tuesday.', 'Line one line two', 'Second paragraph.']);
  });

  it('returns the same document for CRLF and LF, re-wrapped lines and decomposed accents (NFC)', () => {
    // Prepare
    const lf = 'Caf\u00e9 reopens\n\nThe caf\u00e9 reopened on Monday after repairs.\n';
    const crlf = 'Cafe\u0301 reopens\r\n\r\nThe  cafe\u0301 reopened\r\non Monday after repairs.\r\n\r\n\r\n';

    // Act
    const a = normalizeRevision(encode(lf), 'text');
    const b = normalizeRevision(encode(crlf), 'text');

    // Assess
    expect(renderCanonical(b)).toBe(renderCanonical(a));
    expect(a.headline).toBe('Café reopens');
  });

  it('returns the first line of plain text as headline even when the next line follows directly', () => {
    // Prepare
    const text = 'Storm closes port\nThe port closed at noon.\nShips waited offshore.\n\nBy evening the wind dropped.';

    // Act
    const doc = normalizeRevision(encode(text), 'text');

    // Assess
    expect(doc).toEqual({ headline: 'Storm closes port', body: ['The port closed at noon. Ships waited offshore.', 'By evening the wind dropped.'] });
  });

  it('returns Markdown without its markup: front matter, emphasis, links, lists, quotes', () => {
    // Prepare
    const md = [
      '---',
      'title: "Council votes on budget"',
      'author: Ana Ruiz',
      'description: A tight vote after a long night',
      '---',
      '',
      'The council **approved** the budget by [7 votes](https://example.com/votes) to *6*.',
      '',
      '> "It was close," said the mayor.',
      '',
      '- Schools get 2% more',
      '- Roads get 1% less',
      '',
      '## What happens next',
      '',
      'The snake_case_name stays intact.',
    ].join('\n');

    // Act
    const doc = normalizeRevision(encode(md), 'markdown');

    // Assess
    expect(doc).toEqual({
      headline: 'Council votes on budget',
      byline: 'Ana Ruiz',
      dek: 'A tight vote after a long night',
      body: [
        'The council approved the budget by 7 votes to 6.',
        '"It was close," said the mayor.',
        'Schools get 2% more',
        'Roads get 1% less',
        'What happens next',
        'The snake_case_name stays intact.',
      ],
    });
  });

  it('returns ninjs headline, byline, description, versioncreated and body_html paragraphs', () => {
    // Prepare
    const ninjs = {
      headline: 'Bridge reopens',
      byline: 'By Sam Lee',
      description_text: 'Repairs took two years',
      versioncreated: '2026-11-06T10:00:00Z',
      body_html: '<p>The bridge reopened.</p><script>x()</script><p>Traffic &lt;light&gt;.</p>',
    };

    // Act
    const doc = normalizeRevision(encode(JSON.stringify(ninjs)), 'ninjs');

    // Assess
    expect(doc).toEqual({
      headline: 'Bridge reopens',
      byline: 'By Sam Lee',
      dek: 'Repairs took two years',
      updated: '2026-11-06T10:00:00Z',
      body: ['The bridge reopened.', 'Traffic <light>.'],
    });
  });

  it.each([
    ['empty', new Uint8Array(), 'text', 'the upload is empty (0 bytes)'],
    ['binary', Uint8Array.from([0x47, 0x49, 0x46, 0x00, 0x01]), 'text', 'the upload contains a NUL byte at offset 3; it is not text'],
    ['invalid-utf8', Uint8Array.from([0x48, 0xc3, 0x28]), 'text', 'the upload is not valid UTF-8 text'],
    ['unknown-format', encode('hello'), undefined, 'the file extension is not one Redline reads (.txt, .text, .md, .markdown, .html, .htm, .json, .xml)'],
    ['unparseable', encode('{"headline": '), 'ninjs', /^the \.json upload is not valid JSON: /],
    ['unparseable', encode('[1, 2]'), 'ninjs', 'the .json upload is not a ninjs object (expected a JSON object with "headline")'],
    ['unparseable', encode('{"body_text": "x"}'), 'ninjs', 'the ninjs document has no "headline" (nor "headlines[0].value")'],
    ['unparseable', encode('just words, no tags'), 'html', 'the .html upload contains no HTML elements'],
    ['no-text', encode(' \n\t\r\n '), 'markdown', 'the upload contains only whitespace'],
    ['no-text', encode('<html><body><script>x()</script></body></html>'), 'html', 'the .html upload has no article text'],
  ] as const)('throws RevisionRejectedError code %s when the upload is %#', (code, bytes, format, message) => {
    // Prepare
    const run = () => normalizeRevision(bytes, format);

    // Act
    const error = rejection(run);

    // Assess
    expect(error.code).toBe(code);
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
  });

  it('throws too-large with both sizes when the upload exceeds maxBytes', () => {
    // Prepare
    const bytes = encode('x'.repeat(11));

    // Act
    const error = rejection(() => normalizeRevision(bytes, 'text', { maxBytes: 10 }));

    // Assess
    expect(error.code).toBe('too-large');
    expect(error.message).toBe('the upload is 11 bytes; the limit is 10 bytes');
  });
});

describe('Function: normalizeRevision (structured notes and ninjs versions)', () => {
  const paragraphs = ['The ferry between Holm and Stavik stopped running on Tuesday.', 'About 400 commuters use the crossing each day.'];

  it('returns ninjs 3.x camelCase fields: headlines (main), by, versionCreated, edNote and an XHTML body as paragraphs', () => {
    // Prepare
    const ninjs = {
      uri: 'urn:example:ferry',
      headlines: [
        { role: 'short', value: 'Ferry halted' },
        { role: 'main', value: 'Ferry service halted after storm damages pier' },
      ],
      by: 'Mara Quist',
      versionCreated: '2026-11-20T09:30:00Z',
      edNote: 'Corrects number of commuters in 2nd paragraph.',
      descriptions: [{ role: 'usage', value: 'No archive use' }, { role: 'summary', value: 'Repairs could take weeks' }],
      bodies: [
        { role: 'main', contentType: 'text/plain', value: paragraphs.join(' ') },
        { role: 'richtext', contentType: 'application/xhtml+xml', value: paragraphs.map((p) => `<p>${p}</p>`).join(' ') },
      ],
    };

    // Act
    const doc = normalizeRevision(encode(JSON.stringify(ninjs)), 'ninjs');

    // Assess
    expect(doc).toEqual({
      headline: 'Ferry service halted after storm damages pier',
      byline: 'Mara Quist',
      dek: 'Repairs could take weeks',
      updated: '2026-11-20T09:30:00Z',
      notes: ['Corrects number of commuters in 2nd paragraph.'],
      body: paragraphs,
    });
  });

  it('returns ninjs 1.x/2.x ednote as a note and a withheld or canceled pubstatus as the first note', () => {
    // Prepare
    const v1 = { headline: 'Ferry halted', byline: 'By Mara Quist', pubstatus: 'canceled', ednote: 'Kill: story withdrawn.', body_text: paragraphs.join('\n\n') };
    const v2 = { headlines: [{ value: 'Ferry halted' }], by: 'By Mara Quist', pubstatus: 'usable', ednote: 'Noe utvidet.', bodies: [{ contenttype: 'text/html', value: '<p>The ferry stopped.</p>' }] };

    // Act
    const a = normalizeRevision(encode(JSON.stringify(v1)), 'ninjs');
    const b = normalizeRevision(encode(JSON.stringify(v2)), 'ninjs');

    // Assess
    expect(a.notes).toEqual(['pubStatus: canceled', 'Kill: story withdrawn.']);
    expect(a.body).toEqual(paragraphs);
    expect(b).toEqual({ headline: 'Ferry halted', byline: 'By Mara Quist', notes: ['Noe utvidet.'], body: ['The ferry stopped.'] });
  });

  it('returns one paragraph per line of a ninjs body_text that has no blank line', () => {
    // Prepare
    const ninjs = { headline: 'Ferry halted', body_text: paragraphs.join('\n') };

    // Act
    const doc = normalizeRevision(encode(JSON.stringify(ninjs)), 'ninjs');

    // Assess
    expect(doc.body).toEqual(paragraphs);
  });

  it('returns the same headline, byline and body for one story uploaded as ninjs 3.x .json and as .txt', () => {
    // Prepare
    const json = {
      headlines: [{ role: 'main', value: 'Ferry service halted after storm damages pier' }],
      by: 'By Mara Quist',
      versionCreated: '2026-11-20T08:00:00Z',
      bodies: [{ role: 'main', contentType: 'text/html', value: paragraphs.map((p) => `<p>${p}</p>`).join('') }],
    };
    const txt = `Ferry service halted after storm damages pier\n\nBy Mara Quist\n\n${paragraphs.join('\n\n')}\n`;

    // Act
    const fromJson = normalizeRevision(encode(JSON.stringify(json)), 'ninjs');
    const fromTxt = normalizeRevision(encode(txt), 'text');

    // Assess
    expect({ ...fromJson, updated: undefined }).toEqual({ ...fromTxt, updated: undefined });
  });

  it('returns schema.org corrections from JSON-LD (text, CorrectionComment, @graph) and microdata as notes, kept out of the body', () => {
    // Prepare
    const page = `<html><head>
      <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","headline":"Ferry halted",
        "correction":[{"@type":"CorrectionComment","text":"An earlier version misstated the number of commuters."},"The operator's name was misspelled."]}]}</script>
      <script type="application/ld+json">{ not json</script></head>
      <body><article><h1>Ferry halted</h1><p>The ferry stopped.</p>
      <div itemprop="correction" itemscope itemtype="https://schema.org/CorrectionComment"><p itemprop="text">Correction: This story was updated to fix the pier's name.</p></div>
      <p>An earlier version misstated the number of commuters.</p></article></body></html>`;

    // Act
    const doc = normalizeRevision(encode(page), 'html');

    // Assess
    expect(doc.notes).toEqual([
      'An earlier version misstated the number of commuters.',
      "The operator's name was misspelled.",
      "Correction: This story was updated to fix the pier's name.",
    ]);
    expect(doc.body).toEqual(['The ferry stopped.']);
  });

  it('returns a byline in another language only when names follow the word', () => {
    // Prepare
    const byline = 'Faktencheck\n\nVon Christian Hollmann, dpa\n\nDer Trainer regte sich auf.';
    const sentence = 'Revue\n\nPar exemple\n\nLe conseil a voté.';

    // Act
    const a = normalizeRevision(encode(byline), 'text');
    const b = normalizeRevision(encode(sentence), 'text');

    // Assess
    expect(a.byline).toBe('Von Christian Hollmann, dpa');
    expect(b.byline).toBeUndefined();
    expect(b.body[0]).toBe('Par exemple');
  });
});

describe('Function: normalizeRevision (ninjs body types)', () => {
  it('returns a 1.x body_text with literal angle brackets as text, and a body_richtext as markup', () => {
    // Prepare
    const plain = { headline: 'Tags', body_text: 'Use <p> to open a paragraph.' };
    const rich = { headline: 'Tags', body_richtext: '<p>One.</p><p>Two.</p>' };

    // Act
    const a = normalizeRevision(encode(JSON.stringify(plain)), 'ninjs');
    const b = normalizeRevision(encode(JSON.stringify(rich)), 'ninjs');

    // Assess
    expect(a.body).toEqual(['Use <p> to open a paragraph.']);
    expect(b.body).toEqual(['One.', 'Two.']);
  });
});

import { describe, expect, it } from 'vitest';
import { FORMAT_BY_EXTENSION } from '../../../lambdas/core/vocabulary.ts';
import { normalizeRevision, renderCanonical } from '../../../lambdas/core/engine/index.ts';
import { encode, fixtureBytes, rejection } from './helpers.ts';

const newsml = (name: string) => normalizeRevision(fixtureBytes(`newsml/${name}.xml`), 'newsml');
const paragraphs = [
  'The ferry between Holm and Stavik stopped running on Tuesday after a storm damaged the main pier.',
  'About 400 commuters use the crossing each day.',
  '“We will run buses in the meantime,” said operator spokesman Jon Berg.',
];

describe('Function: normalizeRevision (NewsML-G2)', () => {
  it('returns the format for the .xml extension from the one format registry', () => {
    // Prepare / Act
    const format = FORMAT_BY_EXTENSION.xml;

    // Assess
    expect(format).toBe('newsml');
  });

  it('returns headline, by, summary description, versionCreated and XHTML paragraphs of a newsItem', () => {
    // Prepare / Act
    const doc = newsml('v1');

    // Assess
    expect(doc).toEqual({
      headline: 'Ferry service halted after storm damages pier',
      byline: 'By Mara Quist',
      dek: 'Repairs could take weeks, the operator says',
      updated: '2026-11-20T08:00:00Z',
      body: paragraphs,
    });
  });

  it('returns edNote as a note, NITF body.content paragraphs, a NITF media-caption as a caption, and NITF byline and abstract when contentMeta has none (prefixed names)', () => {
    // Prepare / Act
    const doc = newsml('v2');

    // Assess
    expect(doc).toEqual({
      headline: 'Ferry service halted after storm damages pier',
      byline: 'By Mara Quist',
      dek: 'Repairs could take weeks, the operator says',
      updated: '2026-11-20T09:30:00Z',
      notes: ['Corrects number of commuters in 2nd paragraph.'],
      captions: ['The damaged pier at Holm on Tuesday.'],
      body: [paragraphs[0], 'About 600 commuters use the crossing each day.', paragraphs[2]],
    });
  });

  it('records a canceled item with its text and its status as the first note (newsMessage with one newsItem, inlineData body)', () => {
    // Prepare / Act
    const doc = newsml('canceled');

    // Assess
    expect(doc.notes).toEqual(['pubStatus: canceled', 'Withdrawn: the operator disputes the repair estimate. A new story will follow.']);
    expect(doc.body).toEqual([paragraphs[0], 'About 600 commuters use the crossing each day.']);
    expect(doc.updated).toBe('2026-11-20T11:00:00Z');
  });

  it('returns the same story fields as the same story uploaded as .txt and as ninjs', () => {
    // Prepare
    const txt = `Ferry service halted after storm damages pier\n\nBy Mara Quist\n\n${paragraphs.join('\n\n')}\n`;
    const json = JSON.stringify({
      headline: 'Ferry service halted after storm damages pier',
      by: 'By Mara Quist',
      description_text: 'Repairs could take weeks, the operator says',
      versionCreated: '2026-11-20T08:00:00Z',
      body_text: paragraphs.join('\n\n'),
    });

    // Act
    const fromXml = newsml('v1');
    const fromTxt = normalizeRevision(encode(txt), 'text');
    const fromJson = normalizeRevision(encode(json), 'ninjs');

    // Assess
    expect(renderCanonical(fromJson)).toBe(renderCanonical(fromXml));
    expect({ headline: fromXml.headline, byline: fromXml.byline, body: fromXml.body }).toEqual(fromTxt);
  });

  it.each([
    ['an RSS feed', '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>', 'unparseable', 'the .xml upload is not a NewsML-G2 newsItem (its root element is <rss>)'],
    ['no element at all', 'just words', 'unparseable', 'the .xml upload is not a NewsML-G2 newsItem (its root element is missing)'],
    [
      'a newsMessage with two items',
      '<newsMessage><itemSet><newsItem/><newsItem/></itemSet></newsMessage>',
      'unparseable',
      'the NewsML-G2 newsMessage carries 2 newsItems; Redline records one story per upload',
    ],
    [
      'a picture item with only remote content',
      '<newsItem><contentMeta><headline>Pier</headline></contentMeta><contentSet><remoteContent href="pier.jpg"/></contentSet></newsItem>',
      'no-text',
      'the NewsML-G2 newsItem carries no inline text (its contentSet has no inlineXML or inlineData)',
    ],
  ])('throws RevisionRejectedError when the upload is %s', (_, xml, code, message) => {
    // Prepare
    const run = () => normalizeRevision(encode(xml), 'newsml');

    // Act
    const error = rejection(run);

    // Assess
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
  });

  it('does not expand entities declared in a DOCTYPE (no entity bombs)', () => {
    // Prepare
    const xml = `<?xml version="1.0"?><!DOCTYPE newsItem [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
      <newsItem><contentMeta><headline>Pier &b;</headline></contentMeta><contentSet><inlineData>Text.</inlineData></contentSet></newsItem>`;

    // Act
    const doc = normalizeRevision(encode(xml), 'newsml');

    // Assess
    expect(doc.headline).not.toContain('aaaaaaaaaa');
    expect(doc.body).toEqual(['Text.']);
  });
});

import { describe, expect, it } from 'vitest';
import { parseRssItems, stratum, toNinjs } from './rss-feed-pairs.js';

const feed = (items: string) => `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title>${items}</channel></rss>`;

describe('Function: parseRssItems', () => {
  it('reads title, guid, link, description, content:encoded, pubDate and dc:creator as given', () => {
    // Prepare
    const xml = feed(`<item><title>Plane with 6 aboard crashes</title><link>https://ex.org/a</link><guid>g-1</guid>
      <description>A &lt;b&gt;jet&lt;/b&gt; crashed.</description><content:encoded><![CDATA[<p>A jet crashed.</p>]]></content:encoded>
      <pubDate>Sat, 01 Feb 2025 00:57:04 +0000</pubDate><dc:creator>Jane Doe</dc:creator></item>`);
    // Act
    const [item] = parseRssItems(xml);
    // Assess
    expect(item).toEqual({
      id: 'g-1', link: 'https://ex.org/a', title: 'Plane with 6 aboard crashes', description: 'A <b>jet</b> crashed.',
      content: '<p>A jet crashed.</p>', pubDate: 'Sat, 01 Feb 2025 00:57:04 +0000', creator: 'Jane Doe',
    });
  });

  it('keys an item without guid or link by its enclosure, else by its title', () => {
    const items = parseRssItems(feed(`<item><title>A</title><enclosure url="https://ex.org/a.mp3" type="audio/mpeg"/></item><item><title>B</title></item>`));
    expect(items.map((i) => i.id)).toEqual(['https://ex.org/a.mp3', 'B']);
  });

  it('rejects a text that is not an RSS document', () => {
    expect(() => parseRssItems('<html><body>502 Bad Gateway</body></html>')).toThrow('not an RSS document');
  });
});

describe('Function: toNinjs', () => {
  it('puts content:encoded in body_html and keeps the description as description_text', () => {
    const [item] = parseRssItems(feed(`<item><title>H</title><guid>g</guid><description>Dek</description>
      <content:encoded><![CDATA[<p>Body</p>]]></content:encoded><pubDate>Sat, 01 Feb 2025 00:57:04 +0000</pubDate></item>`));
    expect(toNinjs(item!)).toEqual({ headline: 'H', description_text: 'Dek', body_html: '<p>Body</p>', versioncreated: '2025-02-01T00:57:04.000Z' });
  });

  it('uses the description as body_html when there is no content:encoded, and leaves out an unreadable pubDate', () => {
    const [item] = parseRssItems(feed(`<item><title>H</title><link>https://ex.org/h</link><description>Dek</description><pubDate>soon</pubDate></item>`));
    expect(toNinjs(item!)).toEqual({ uri: 'https://ex.org/h', headline: 'H', body_html: 'Dek' });
  });
});

describe('Function: stratum', () => {
  const base = { headline: 'At least 24 dead in flooding', body_html: '<p>Officials said 24 people died.</p>', versioncreated: '2025-07-05T00:00:00.000Z' };
  it('sorts a pair by surface features only', () => {
    expect(stratum(base, { ...base, versioncreated: '2025-07-06T00:00:00.000Z' })).toBe('timestamp-only');
    expect(stratum(base, { ...base, headline: 'At least 24  dead in flooding' })).toBe('whitespace-only');
    expect(stratum(base, { ...base, body_html: '<p>Update: Officials said 24 people died.</p>' })).toBe('note');
    expect(stratum(base, { ...base, headline: 'At least 78 dead in flooding' })).toBe('figure');
    expect(stratum(base, { ...base, body_html: '<p>Officials said "24 people died."</p>' })).toBe('figure'); // a changed token with a digit wins
    const plain = { headline: 'Flooding hits Texas', body_html: '<p>Officials said it was terrible.</p>' };
    expect(stratum(plain, { ...plain, body_html: '<p>Officials said "it was terrible."</p>' })).toBe('quote');
    expect(stratum(base, { ...base, body_html: '<p>Authorities said 24 people died.</p>' })).toBe('other');
  });
});

import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadMarkupReader, MAX_HTML_DEPTH, normalizeRevision } from '../../../lambdas/core/engine/normalize.ts';
import { readWithLimit } from '../../../lambdas/adapters/s3-revisions.ts';
import { rejection } from './helpers.ts';

await loadMarkupReader();

describe('Function: normalizeRevision (depth limit)', () => {
  it('rejects HTML nested 10,000 levels deep as too-deep instead of overflowing the stack', () => {
    const html = `<article><h1>Storm</h1>${'<div>'.repeat(10_000)}<p>Winds reached 95 km/h.</p>${'</div>'.repeat(10_000)}</article>`;
    const error = rejection(() => normalizeRevision(Buffer.from(html), 'html'));
    expect([error.code, error.message]).toEqual(['too-deep', `the .html upload nests elements more than ${MAX_HTML_DEPTH} levels deep`]);
  });

  it('rejects 200,000 unclosed <b> as too-deep', () => {
    const html = `<article><h1>Storm</h1><p>Winds${'<b>'.repeat(200_000)} reached 100 km/h.</p></article>`;
    expect(rejection(() => normalizeRevision(Buffer.from(html), 'html')).code).toBe('too-deep');
  });

  it('rejects a ninjs body_html nested too deep as too-deep', () => {
    const ninjs = JSON.stringify({ headline: 'Storm', body_html: `${'<span>'.repeat(5_000)}Winds${'</span>'.repeat(5_000)}` });
    const error = rejection(() => normalizeRevision(Buffer.from(ninjs), 'ninjs'));
    expect([error.code, error.message]).toEqual(['too-deep', `the ninjs body nests elements more than ${MAX_HTML_DEPTH} levels deep`]);
  });

  it('reads HTML nested just under the limit', () => {
    const depth = MAX_HTML_DEPTH - 10;
    const html = `<article><h1>Storm</h1>${'<div>'.repeat(depth)}<p>Winds reached 95 km/h.</p>${'</div>'.repeat(depth)}</article>`;
    expect(normalizeRevision(Buffer.from(html), 'html')).toEqual({ headline: 'Storm', body: ['Winds reached 95 km/h.'] });
  });
});

describe('Function: readWithLimit', () => {
  it('stops reading and rejects as too-large as soon as the body grows past the limit', async () => {
    // Prepare: a body that would be 10 MB, delivered in 64 KB chunks, counting what was pulled
    let pulled = 0;
    const body = Readable.from(
      (function* () {
        for (let i = 0; i < 160; i++) {
          pulled += 1;
          yield Buffer.alloc(64 * 1024, 0x61);
        }
      })(),
    );
    // Act
    const read = readWithLimit(body, 100_000, 's3://b/k');
    // Assess
    await expect(read).rejects.toMatchObject({ code: 'too-large', message: 's3://b/k is larger than the limit of 100000 bytes (stopped reading at 131072 bytes)' });
    expect(pulled).toBeLessThan(5);
    expect(body.destroyed).toBe(true);
  });

  it('returns the bytes of a body within the limit', async () => {
    const bytes = await readWithLimit(Readable.from([Buffer.from('Flood '), Buffer.from('warning')]), 13, 's3://b/k');
    expect(Buffer.from(bytes).toString()).toBe('Flood warning');
  });
});

describe('Function: normalizeRevision (depth limit, NewsML-G2)', () => {
  it('rejects a NewsML-G2 item nested too deep as too-deep', () => {
    const xml = `<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"><contentMeta><headline>Storm</headline></contentMeta>${'<x>'.repeat(5_000)}${'</x>'.repeat(5_000)}</newsItem>`;
    const error = rejection(() => normalizeRevision(Buffer.from(xml), 'newsml'));
    expect([error.code, error.message]).toEqual(['too-deep', `the NewsML-G2 upload nests elements more than ${MAX_HTML_DEPTH} levels deep`]);
  });
});

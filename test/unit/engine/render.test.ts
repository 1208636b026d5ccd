import { describe, expect, it } from 'vitest';
import { renderCanonical, renderHtml, renderInline, renderUnified, type StoryDocument } from '../../../lambdas/core/engine/index.ts';
import { demoVersion } from './helpers.ts';

/** Applies a unified diff produced by renderUnified to the old lines (strict: context must match). */
function applyUnified(oldText: string, diff: string): string {
  const oldLines = oldText.slice(0, -1).split('\n');
  const out: string[] = [];
  let cursor = 0;
  for (const line of diff.split('\n').slice(2)) {
    const header = /^@@ -(\d+),(\d+) \+\d+,\d+ @@$/.exec(line);
    if (header) {
      const start = Number(header[1]) - (Number(header[2]) === 0 ? 0 : 1);
      out.push(...oldLines.slice(cursor, start));
      cursor = start;
    } else if (line.startsWith(' ')) {
      expect(oldLines[cursor]).toBe(line.slice(1));
      out.push(line.slice(1));
      cursor++;
    } else if (line.startsWith('-')) {
      expect(oldLines[cursor]).toBe(line.slice(1));
      cursor++;
    } else if (line.startsWith('+')) out.push(line.slice(1));
  }
  out.push(...oldLines.slice(cursor));
  return `${out.join('\n')}\n`;
}

describe('Function: renderUnified', () => {
  it('returns a unified diff that rebuilds the new canonical text from the old one', () => {
    // Prepare
    const pairs = [1, 2, 3, 4].map((v) => [demoVersion(v), demoVersion(v + 1)] as const);

    for (const [previous, next] of pairs) {
      // Act
      const diff = renderUnified(previous, next, { context: 1 });

      // Assess
      expect(diff.startsWith('--- previous\n+++ next\n@@ ')).toBe(true);
      expect(applyUnified(renderCanonical(previous), diff)).toBe(renderCanonical(next));
    }
  });

  it('returns an empty string when nothing changed', () => {
    // Prepare
    const doc = demoVersion(1);

    // Act
    const diff = renderUnified(doc, demoVersion(1));

    // Assess
    expect(diff).toBe('');
  });
});

describe('Function: renderInline', () => {
  it('returns git-style word marks without ANSI codes when color is off', () => {
    // Prepare
    const [v2, v3] = [demoVersion(2), demoVersion(3)];

    // Act
    const text = renderInline(v2, v3);

    // Assess
    expect(text).toContain('killing at least [-35-]{+34+} people');
    expect(text).toContain('{↕ "Every minute counts."}');
    expect(text).not.toContain('\u001b[');
  });

  it('returns ANSI colors only when asked', () => {
    // Prepare
    const [v4, v5] = [demoVersion(4), demoVersion(5)];

    // Act
    const text = renderInline(v4, v5, { color: true, changedOnly: true });

    // Assess
    expect(text).toContain('\u001b[31;9m6.1\u001b[0m\u001b[32m6.4\u001b[0m');
    expect(text).not.toContain('[-');
    expect(text).toContain('…');
  });
});

describe('Function: renderHtml', () => {
  const before: StoryDocument = { headline: 'Mayor <b>resigns</b>', body: ['The mayor resigned on Monday after 12 years.', '"I am done," she said.'] };
  const after: StoryDocument = { headline: 'Mayor <b>resigns</b> & leaves', body: ['The mayor resigned on Monday after 14 years.', '"I am finished," she said.'] };

  it('returns an escaped inline fragment with figures and quotes marked', () => {
    // Prepare / Act
    const html = renderHtml(before, after);

    // Assess
    expect(html).toContain('<h1 class="rl-headline rl-changed">Mayor &lt;b&gt;resigns&lt;/b&gt;<ins class="rl-ins"> &amp; leaves</ins></h1>');
    expect(html).toContain('<del class="rl-del"><span class="rl-figure">12</span></del><ins class="rl-ins"><span class="rl-figure">14</span></ins>');
    expect(html).toContain('<span class="rl-quote">&quot;I am <del class="rl-del">done</del><ins class="rl-ins">finished</ins>,&quot; she said.</span>');
    expect(html).not.toContain('<b>');
  });

  it('returns a side-by-side table with removals only left and additions only right', () => {
    // Prepare / Act
    const html = renderHtml(before, after, { layout: 'side-by-side' });

    // Assess
    const rows = html.split('\n').filter((line) => line.startsWith('<tr'));
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      const [left, right] = row.split('<td class="rl-after">');
      expect(left).not.toContain('rl-ins');
      expect(right).not.toContain('rl-del');
    }
    expect(html).toContain('<td class="rl-before"><p class="rl-paragraph rl-changed">The mayor resigned on Monday after <del class="rl-del"><span class="rl-figure">12</span></del> years.</p></td>');
  });
});

import { describe, expect, it } from 'vitest';
import { diffFiles, DiffFilesUsageError } from '../../../lambdas/cli/diff-files.ts';
import { FIXTURES } from './helpers.ts';

const fixture = (name: string) => `${FIXTURES}port-aldwin/${name}`;

describe('Function: diffFiles', () => {
  it('returns the change record as JSON, format detected from the extension', async () => {
    // Prepare
    const [oldPath, newPath] = [fixture('v2.html'), fixture('v3.html')];

    // Act
    const output = JSON.parse(await diffFiles(oldPath, newPath, { output: 'json' }));

    // Assess
    expect(output).toMatchObject({
      kinds: ['body', 'number', 'quote'],
      stealth: true,
      numbers: [
        { before: 'two', after: 'one', beforeValue: 2, afterValue: 1, context: expect.stringContaining('one loud bang') },
        { before: '14', after: '12', beforeValue: 14, afterValue: 12, context: expect.stringContaining('12 workers') },
      ],
      sentences: { added: 0, removed: 0, edited: 2, moved: 0 },
      fields: ['body'],
    });
    expect(output.words).toEqual({ added: 3, removed: 3 });
    expect(output.significance).toBeGreaterThan(0.3);
  });

  it('returns unchanged for a whitespace-only re-save in every format', async () => {
    for (const extension of ['txt', 'md', 'html', 'json']) {
      // Prepare / Act
      const output = JSON.parse(await diffFiles(fixture(`v4.${extension}`), fixture(`v5.${extension}`)));

      // Assess
      expect(output.kinds).toEqual(['unchanged']);
    }
  });

  it('returns moved for the paragraph move and an inline redline with the header line', async () => {
    // Prepare
    const [oldPath, newPath] = [fixture('v3.md'), fixture('v4.md')];

    // Act
    const json = JSON.parse(await diffFiles(oldPath, newPath, { output: 'json' }));
    const inline = await diffFiles(oldPath, newPath, { output: 'inline' });

    // Assess
    expect(json.kinds).toEqual(['moved']);
    expect(json.paragraphs.moved).toBe(1);
    expect(inline.split('\n')[0]).toBe('moved (significance 0.1)');
    expect(inline).toContain('{↕ ');
  });

  it('returns a unified diff labelled with the file paths', async () => {
    // Prepare / Act
    const output = await diffFiles(fixture('v6.txt'), fixture('v7.txt'), { output: 'unified' });

    // Assess
    expect(output.split('\n').slice(0, 2)).toEqual([`--- ${fixture('v6.txt')}`, `+++ ${fixture('v7.txt')}`]);
    expect(output).toContain('+Correction: An earlier version of this story said 12 workers were on site. The company says 13 were.');
  });

  it('throws DiffFilesUsageError when the format cannot be detected', async () => {
    // Prepare
    const path = `${FIXTURES}story-generator.ts`;

    // Act
    const run = diffFiles(path, path);

    // Assess
    await expect(run).rejects.toThrow(DiffFilesUsageError);
    await expect(run).rejects.toThrow(/pass --format txt\|md\|html\|json\|xml$/);
  });
});

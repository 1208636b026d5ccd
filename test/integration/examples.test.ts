// The README's first commands upload the sample story in examples/: run exactly those uploads
// (files, story, editors, notes parsed from the README) through the embedded pipeline.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedRedline } from '../../lambdas/local/embedded.ts';
import { uploadRevision } from '../../lambdas/cli/upload.ts';
import { readHistory } from '../../lambdas/cli/history.ts';
import type { VersionRecord } from '../../lambdas/core/ledger.ts';

const UPLOAD = /^npx redline upload (examples\/\S+) --story (\S+)((?: --\w+ "[^"]*")*)\s*$/;

function readmeUploads(): { file: string; storyId: string; editor?: string; note?: string }[] {
  return readFileSync('README.md', 'utf8')
    .split('\n')
    .map((line) => UPLOAD.exec(line))
    .filter((match) => match !== null)
    .map(([, file, storyId, rest]) => {
      const options = Object.fromEntries([...rest!.matchAll(/--(\w+) "([^"]*)"/g)].map(([, name, value]) => [name, value]));
      return { file: file!, storyId: storyId!, editor: options.editor, note: options.note };
    });
}

describe('Samples: the README uploads examples/', () => {
  let dataDir: string;
  let embedded: EmbeddedRedline;
  let records: VersionRecord[];
  const uploads = readmeUploads();

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'redline-examples-'));
    embedded = await EmbeddedRedline.start({ dataDir });
    for (const upload of uploads) {
      await uploadRevision(embedded.clients.s3, { ...upload, bucket: embedded.names.uploadBucket, storyPrefix: 'stories/' });
      await embedded.idle();
    }
    records = await readHistory(embedded.deps().ledger, uploads[0]!.storyId);
  }, 120_000);

  afterAll(async () => {
    await embedded?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('records a disclosed update, a silent figure change (stealth) and a correction', () => {
    expect(uploads.map((u) => u.file)).toEqual(['examples/harbour-fire/1.md', 'examples/harbour-fire/2.md', 'examples/harbour-fire/3.md', 'examples/harbour-fire/4.md']);
    expect(records.map((r) => r.status)).toEqual(['recorded', 'recorded', 'recorded', 'recorded']);
    expect(records[1]!.change).toMatchObject({ stealth: false, kinds: expect.arrayContaining(['update-note']) });
    expect(records[2]!.change).toMatchObject({ stealth: true, kinds: expect.arrayContaining(['number']) });
    expect(records[2]!.change!.numbers.map((n) => [n.before, n.after])).toEqual([['60', '90']]);
    expect(records[3]!.change).toMatchObject({ stealth: false, kinds: expect.arrayContaining(['correction-note']) });
    expect(records[3]!.editor).toBe('Standards desk');
  });
});

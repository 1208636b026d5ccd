// Invariant 4: nothing is dropped silently. Every input below is listed with the outcome it must
// get: a `rejected` version with a precise code, an explicit ignore with a reason, or (for a
// message that is not an S3 notification at all) a batch item failure so SQS retries it and its
// dead-letter queue keeps it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestNotification, processIngestEvent } from '../../lambdas/app/process-event.ts';
import type { IngestDeps } from '../../lambdas/app/ingest.ts';
import { ingestConfigFromEnv } from '../../lambdas/config.ts';
import { embeddedHarness, versionsViaDynamoDb, type Harness } from '../support/harness.ts';

const quiet = { info() {}, warn() {}, error() {} };
const LIMIT = 4096;

/** Uploads that S3 accepts and Redline must record as rejected, with the reason code. */
const REJECTED_UPLOADS: Array<{ name: string; key: string; body: Buffer; code: string }> = [
  { name: 'empty text file', key: 'empty.txt', body: Buffer.alloc(0), code: 'empty' },
  { name: 'empty Markdown file', key: 'empty.md', body: Buffer.alloc(0), code: 'empty' },
  { name: 'empty ninjs file', key: 'empty.json', body: Buffer.alloc(0), code: 'empty' },
  { name: 'whitespace only', key: 'blank.txt', body: Buffer.from('   \n\t  \n'), code: 'no-text' },
  { name: 'blank lines only (Markdown)', key: 'blank.md', body: Buffer.from('\n\n\n\n'), code: 'no-text' },
  { name: 'a byte-order mark and nothing else', key: 'bom.txt', body: Buffer.from([0xef, 0xbb, 0xbf]), code: 'no-text' },
  { name: 'PNG bytes under a .txt name', key: 'photo.txt', body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]), code: 'binary' },
  { name: 'a NUL byte inside text', key: 'nul.md', body: Buffer.from('Headline\n\nBody\u0000text'), code: 'binary' },
  { name: 'UTF-16LE text with BOM', key: 'utf16.txt', body: Buffer.from('\ufeffHeadline', 'utf16le'), code: 'binary' },
  { name: 'invalid UTF-8 sequence', key: 'bad-utf8.txt', body: Buffer.from([0x48, 0x69, 0xc3, 0x28, 0x0a]), code: 'invalid-utf8' },
  { name: 'Latin-1 encoded text', key: 'latin1.txt', body: Buffer.from('Caf\u00e9 reopens', 'latin1'), code: 'invalid-utf8' },
  { name: 'truncated multi-byte character', key: 'truncated.md', body: Buffer.from([0x54, 0x6f, 0x6c, 0x6c, 0xe2, 0x82]), code: 'invalid-utf8' },
  { name: 'over the size limit', key: 'huge.txt', body: Buffer.from(`Headline\n\n${'word '.repeat(LIMIT)}`), code: 'too-large' },
  { name: 'PDF extension', key: 'report.pdf', body: Buffer.from('%PDF-1.7 not really'), code: 'unknown-format' },
  { name: 'JPEG extension', key: 'photo.jpg', body: Buffer.from('not an image'), code: 'unknown-format' },
  { name: 'Word document extension', key: 'draft.docx', body: Buffer.from('PK zip'), code: 'unknown-format' },
  { name: 'no extension', key: 'no-extension', body: Buffer.from('Headline\n\nBody'), code: 'unknown-format' },
  { name: 'invalid JSON', key: 'broken.json', body: Buffer.from('{"headline": "Quake", '), code: 'unparseable' },
  { name: 'JSON array instead of ninjs object', key: 'array.json', body: Buffer.from('[1, 2, 3]'), code: 'unparseable' },
  { name: 'JSON string instead of ninjs object', key: 'string.json', body: Buffer.from('"just a string"'), code: 'unparseable' },
  { name: 'JSON null', key: 'null.json', body: Buffer.from('null'), code: 'unparseable' },
  { name: 'ninjs without a headline', key: 'no-headline.json', body: Buffer.from('{"body_text": "Rescuers reached the valley."}'), code: 'unparseable' },
  { name: 'ninjs with a numeric headline', key: 'numeric-headline.json', body: Buffer.from('{"headline": 42, "body_text": "x"}'), code: 'unparseable' },
  { name: 'HTML file with no elements', key: 'plain.html', body: Buffer.from('Just some words, no markup at all.'), code: 'unparseable' },
  { name: 'HTML with only scripts and styles', key: 'scripts.html', body: Buffer.from('<html><head><style>p{}</style></head><body><script>alert(1)</script></body></html>'), code: 'no-text' },
  { name: 'HTML with only navigation and footer', key: 'chrome.html', body: Buffer.from('<html><body><nav><a href="/">Home</a></nav><footer>© Paper</footer></body></html>'), code: 'no-text' },
];

/** Notifications Redline must ignore, each with the reason it gives. */
const s3Record = (eventName: string, key: string) => ({
  Records: [{ eventSource: 'aws:s3', eventName, eventTime: '2026-11-24T10:00:00.000Z', s3: { bucket: { name: 'redline-uploads' }, object: { key, size: 1, sequencer: '0A' } } }],
});
const IGNORED: Array<{ name: string; event: unknown; reason: string }> = [
  { name: 's3:TestEvent', event: { Service: 'Amazon S3', Event: 's3:TestEvent', Time: '2026-11-24T10:00:00.000Z', Bucket: 'redline-uploads' }, reason: 'test-event' },
  { name: 'folder marker', event: s3Record('ObjectCreated:Put', 'stories/world/'), reason: 'folder-marker' },
  { name: 'key outside the story prefix', event: s3Record('ObjectCreated:Put', 'drafts/quake.md'), reason: 'outside-prefix' },
  // An unusable story id is recorded as rejected (test/cli/hardening.test.ts, L7); here S3 holds no such object.
  { name: 'control character in the story id, no such object', event: s3Record('ObjectCreated:Put', 'stories/bad%01id.md'), reason: 'no-versions' },
  { name: 'a key longer than S3 allows', event: s3Record('ObjectCreated:Put', `stories/${'k'.repeat(1100)}.md`), reason: 'not-an-s3-key' },
  { name: 'lifecycle transition', event: s3Record('LifecycleTransition', 'stories/quake.md'), reason: 'not-a-content-change' },
  // A restore requested changes nothing readable (a completed one is recorded: test/cli/restored-archive.test.ts).
  { name: 'restore from Glacier requested', event: s3Record('ObjectRestore:Post', 'stories/quake.md'), reason: 'not-a-content-change' },
  { name: 'tagging change', event: s3Record('ObjectTagging:Put', 'stories/quake.md'), reason: 'not-a-content-change' },
];

/** SQS messages that are not S3 notifications: reported as failed items (retried, then dead-lettered). */
const POISON_MESSAGES: Array<{ name: string; body: string }> = [
  { name: 'not JSON', body: 'hello, queue' },
  { name: 'JSON but not an S3 notification', body: '{"greeting": "hello"}' },
  { name: 'an SNS record instead of S3', body: '{"Records": [{"eventSource": "aws:sns"}]}' },
];

describe('Bad inputs: every one gets a recorded, explicit outcome', () => {
  let harness: Harness;
  let deps: IngestDeps;

  beforeAll(async () => {
    harness = await embeddedHarness('embedded');
    deps = { ...harness.deps, config: { ...harness.deps.config, maxRevisionBytes: LIMIT } };
  });
  afterAll(async () => harness?.close());

  it('covers at least 30 bad inputs', () => {
    expect(REJECTED_UPLOADS.length + IGNORED.length + POISON_MESSAGES.length).toBeGreaterThanOrEqual(30);
  });

  REJECTED_UPLOADS.forEach((input, index) => {
    it(`records "${input.name}" as a rejected version with code ${input.code}`, async () => {
      // Prepare: one story per input (`photo.txt` and `photo.jpg` would otherwise share one)
      const extension = input.key.includes('.') ? input.key.slice(input.key.lastIndexOf('.')) : '';
      const storyId = `bad/${index}-${input.key.replace(/\.[^.]*$/, '')}`;
      await harness.put(`stories/${storyId}${extension}`, input.body);
      // Act
      for (const event of await harness.takeEvents()) await ingestNotification(event, deps, quiet);
      // Assess
      const records = await versionsViaDynamoDb(harness.clients.dynamodb, harness.tableName, storyId);
      expect(records).toHaveLength(1);
      expect(records[0]?.status).toBe('rejected');
      expect(records[0]?.rejection?.code).toBe(input.code);
      expect(records[0]?.rejection?.reason.length).toBeGreaterThan(10);
      expect(records[0]?.sha256).toBeUndefined();
    });
  });

  it('records a format this deployment does not accept (REDLINE_ACCEPTED_FORMATS) as rejected with code unknown-format', async () => {
    // Prepare
    const markdownOnly = { ...deps, config: { ...deps.config, ...ingestConfigFromEnv({ REDLINE_ACCEPTED_FORMATS: 'markdown' }) } };
    await harness.put('stories/bad/accepted-formats.html', Buffer.from('<article><h1>Quake</h1><p>Rescuers arrived.</p></article>'));
    // Act
    for (const event of await harness.takeEvents()) await ingestNotification(event, markdownOnly, quiet);
    // Assess
    const [record] = await versionsViaDynamoDb(harness.clients.dynamodb, harness.tableName, 'bad/accepted-formats');
    expect(record?.rejection).toEqual({ code: 'unknown-format', reason: 'html uploads are not accepted by this deployment (accepted: markdown)' });
  });

  it('refuses a REDLINE_ACCEPTED_FORMATS naming a format Redline does not know', () => {
    expect(() => ingestConfigFromEnv({ REDLINE_ACCEPTED_FORMATS: 'markdown,docx' })).toThrow(
      'environment variable REDLINE_ACCEPTED_FORMATS names unknown format "docx" (known: text, markdown, html, ninjs, newsml)',
    );
  });

  for (const input of IGNORED) {
    it(`ignores "${input.name}" with reason ${input.reason}`, async () => {
      // Act
      const outcomes = await ingestNotification(input.event, deps, quiet);
      // Assess
      expect(outcomes).toEqual([expect.objectContaining({ outcome: 'ignored', reason: input.reason })]);
    });
  }

  for (const input of POISON_MESSAGES) {
    it(`reports the SQS message "${input.name}" as a batch item failure and still records its neighbour`, async () => {
      // Prepare
      await harness.put('stories/bad/neighbour.txt', `Neighbour\n\nProcessed alongside: ${input.name}.`);
      const [good] = await harness.takeEvents();
      const batch = {
        Records: [
          { messageId: 'poison', body: input.body, eventSource: 'aws:sqs' },
          { messageId: 'good', body: JSON.stringify(good), eventSource: 'aws:sqs' },
        ],
      };
      const before = (await versionsViaDynamoDb(harness.clients.dynamodb, harness.tableName, 'bad/neighbour')).length;
      // Act
      const response = await processIngestEvent(batch, deps, quiet);
      // Assess
      expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'poison' }] });
      expect(await versionsViaDynamoDb(harness.clients.dynamodb, harness.tableName, 'bad/neighbour')).toHaveLength(before + 1);
    });
  }
});

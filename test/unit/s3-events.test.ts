import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareSequencers, decodeS3Key, decodeS3Notification, encodeS3Key } from '../../lambdas/core/s3-events.ts';
import { UnrecognizedEventError } from '../../lambdas/core/errors.ts';

const fixture = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/events', name), 'utf8')) as unknown;

describe('Function: decodeS3Key', () => {
  it('decodes a key the way S3 encodes it, space as + and non-ASCII as UTF-8 percent escapes', () => {
    // Prepare
    const encoded = 'stories/world/red+flower+%C3%A9t%C3%A9%2B1.md';
    // Act
    const key = decodeS3Key(encoded);
    // Assess
    expect(key).toBe('stories/world/red flower été+1.md');
  });

  it('round-trips every key through encodeS3Key', () => {
    for (const key of ['stories/a b.md', 'stories/ünïcode/ß.txt', 'stories/plus+sign.md', 'stories/100%.html', 'stories/x/y/z.json']) {
      expect(decodeS3Key(encodeS3Key(key))).toBe(key);
    }
  });
});

describe('Function: decodeS3Notification', () => {
  it('returns one created change per record of a direct S3 event, with the key decoded', () => {
    // Prepare
    const event = fixture('put-plus-encoded-key.json');
    // Act
    const decoded = decodeS3Notification(event);
    // Assess
    expect(decoded.ignored).toEqual([]);
    expect(decoded.changes).toEqual([
      {
        change: 'created',
        eventName: 'ObjectCreated:Put',
        eventTime: '2026-11-24T09:12:03.120Z',
        bucket: 'newsroom-uploads',
        key: 'stories/world/valdera quake.md',
        versionId: '3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo',
        sequencer: '0067A1B2C3D4E5F601',
        eTag: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
        size: 1873,
        principalId: 'AWS:AIDAEXAMPLECMS',
        sourceIp: '198.51.100.7',
      },
      expect.objectContaining({ change: 'removed', eventName: 'ObjectRemoved:DeleteMarkerCreated', key: 'stories/world/valdera quake.md' }),
    ]);
  });

  it('returns a restored change for ObjectRestore:Completed (S3 record or EventBridge) and ignores a restore requested or expired', () => {
    // Prepare
    const record = (eventName: string) => ({
      eventSource: 'aws:s3',
      eventName,
      eventTime: '2026-12-02T09:00:00.000Z',
      s3: { bucket: { name: 'newsroom-uploads' }, object: { key: 'stories/flood.txt', versionId: 'v2', size: 40 } },
    });
    const bridge = { source: 'aws.s3', 'detail-type': 'Object Restore Completed', time: '2026-12-02T09:00:00Z', detail: { bucket: { name: 'newsroom-uploads' }, object: { key: 'stories/flood.txt', 'version-id': 'v2' } } };
    // Act
    const decoded = decodeS3Notification({ Records: [record('s3:ObjectRestore:Completed'), record('s3:ObjectRestore:Post'), record('s3:ObjectRestore:Delete')] });
    const fromBridge = decodeS3Notification(bridge);
    // Assess
    expect(decoded.changes.map((c) => [c.change, c.eventName, c.versionId])).toEqual([['restored', 'ObjectRestore:Completed', 'v2']]);
    expect(decoded.ignored.map((i) => i.detail)).toEqual(['ObjectRestore:Post on s3://newsroom-uploads/stories/flood.txt', 'ObjectRestore:Delete on s3://newsroom-uploads/stories/flood.txt']);
    expect(fromBridge.changes.map((c) => [c.change, c.eventName, c.versionId])).toEqual([['restored', 'ObjectRestore:Completed', 'v2']]);
  });

  it('ignores s3:TestEvent and says so', () => {
    // Act
    const decoded = decodeS3Notification({ Service: 'Amazon S3', Event: 's3:TestEvent', Time: '2026-11-24T09:00:00.000Z', Bucket: 'newsroom-uploads' });
    // Assess
    expect(decoded).toEqual({ changes: [], ignored: [{ reason: 'test-event', detail: 's3:TestEvent for bucket newsroom-uploads' }] });
  });

  it('throws UnrecognizedEventError for a payload that is not an S3 notification', () => {
    expect(() => decodeS3Notification({ hello: 'world' })).toThrow(UnrecognizedEventError);
    expect(() => decodeS3Notification('text')).toThrow(UnrecognizedEventError);
    expect(() => decodeS3Notification({ Records: [{ eventSource: 'aws:sns' }] })).toThrow('a record in Records is not an aws:s3 record');
  });

  it('throws UnrecognizedEventError for a key that is not valid URL encoding', () => {
    const event = { Records: [{ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'b' }, object: { key: 'stories/%E0%A4%A.md' } } }] };
    expect(() => decodeS3Notification(event)).toThrow(/not valid URL encoding/);
  });
});

describe('Function: compareSequencers', () => {
  it('orders sequencers of different lengths by right-padding the shorter with zeros', () => {
    expect(compareSequencers('0055AED6DCD90281E5', '0055AED6DCD90281E6')).toBeLessThan(0);
    expect(compareSequencers('0055AED6DCD9028', '0055AED6DCD90281E5')).toBeLessThan(0);
    expect(compareSequencers('0055AED6DCD90290', '0055AED6DCD90281E5')).toBeGreaterThan(0);
    expect(compareSequencers('00AB', '00ab00')).toBe(0);
  });
});

// Conformance over payloads published by AWS and others (../shared/aws-events, beside the repo).
const SHARED = join(import.meta.dirname, '../../../shared/aws-events');
const EXPECTED: Record<string, { changes: Array<[string, string]>; ignored: number } | 'template'> = {
  'aws-lambda-go__events-testdata__s3-event.json': { changes: [['created', 'Happy Face.jpg']], ignored: 0 },
  'aws-lambda-go__events-testdata__s3-event-with-decoded.json': { changes: [['created', 'Happy Face.jpg']], ignored: 0 },
  'aws-lambda-go__events-testdata__s3-glacier-event.json': { changes: [['restored', 'glacier-test.txt']], ignored: 0 },
  'aws-lambda-go__events-testdata__s3-restore-event.json': { changes: [['restored', 'glacier-test.txt']], ignored: 0 },
  'aws-lambda-go__events-testdata__s3-intelligenttier-event.json': { changes: [], ignored: 1 },
  'aws-lambda-go__events-testdata__s3-lifecycle-event.json': { changes: [], ignored: 1 },
  'aws-lambda-go__events-testdata__s3-replication-event.json': { changes: [], ignored: 1 },
  'aws-lambda-java-libs__aws-lambda-java-tests__s3_event.json': { changes: [['created', 'test/key']], ignored: 0 },
  'aws-sam-cli__generated_sample_events-s3__S3Put.TEMPLATE.json': 'template',
  'aws-sam-cli__generated_sample_events-s3__S3Delete.TEMPLATE.json': 'template',
  'awsdocs-amazon-s3-userguide__notification-content-structure__ObjectCreated-Put.EXTRACTED.json': { changes: [['created', 'HappyFace.jpg']], ignored: 0 },
  'awsdocs-amazon-s3-userguide__notification-content-structure__s3-TestEvent.EXTRACTED.json': { changes: [], ignored: 1 },
  'jayantasamaddar-quick-reference__lambda-s3-README__DeleteMarkerCreated.EXTRACTED.json': { changes: [['removed', 'policy.json']], ignored: 0 },
  'powertools-lambda-typescript__parser-tests-events-s3__base.json': { changes: [['created', 'b21b84d653bb07b05b1e6b33684dc11b']], ignored: 0 },
  'powertools-lambda-typescript__parser-tests-events-s3__delete-object.json': { changes: [['removed', 'b21b84d653bb07b05b1e6b33684dc11b']], ignored: 0 },
  'powertools-lambda-typescript__parser-tests-events-s3__glacier.json': { changes: [['created', 'b21b84d653bb07b05b1e6b33684dc11b']], ignored: 0 },
  'powertools-lambda-typescript__parser-tests-events-s3__s3-lifecycle-event.json': { changes: [['removed', 'expiration/delete']], ignored: 0 },
  'powertools-lambda-typescript__parser-tests-events-s3__eventbridge-object-created.json': { changes: [['created', 'IMG_m7fzo3.jpg']], ignored: 0 },
  'powertools-lambda-typescript__parser-tests-events-s3__eventbridge-object-deleted.json': { changes: [['removed', 'IMG_m7fzo3.jpg']], ignored: 0 },
  'powertools-lambda-typescript__parser-tests-events-s3__eventbridge-object-expired.json': { changes: [['removed', 'IMG_m7fzo3.jpg']], ignored: 0 },
  'powertools-lambda-typescript__parser-tests-events-s3__eventbridge-object-restored.json': { changes: [['restored', 'IMG_m7fzo3.jpg']], ignored: 0 },
};

describe.runIf(existsSync(SHARED))('Conformance: published S3 notification payloads (../shared/aws-events)', () => {
  it('has an expectation for every published payload', () => {
    const files = readdirSync(SHARED).filter((name) => name.endsWith('.json') && !name.includes('sqs-event'));
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    if (expected === 'template') continue;
    it(`decodes ${file}`, () => {
      // Act
      const decoded = decodeS3Notification(JSON.parse(readFileSync(join(SHARED, file), 'utf8')));
      // Assess
      expect(decoded.changes.map((c) => [c.change, c.key])).toEqual(expected.changes);
      expect(decoded.ignored).toHaveLength(expected.ignored);
    });
  }

  it('decodes the S3 event inside the published SQS message body', () => {
    const sqs = JSON.parse(readFileSync(join(SHARED, 'powertools-lambda-typescript__parser-tests-events-s3__sqs-event.json'), 'utf8')) as { Records: { body: string }[] };
    const decoded = decodeS3Notification(JSON.parse(sqs.Records[0]!.body));
    expect(decoded.changes.map((c) => [c.change, c.key, c.versionId])).toEqual([['created', 'test.pdf', 'yd3d4HaWOT2zguDLvIQLU6ptDTwKBnQV']]);
  });
});

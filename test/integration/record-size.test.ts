// Invariant 7: a version record always fits DynamoDB's 400 KB item limit. Large patches overflow to
// the archive with their hash in the record; headlines and change summaries stay bounded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { ingestNotification } from '../../lambdas/app/process-event.ts';
import { verifyStory } from '../../lambdas/app/verify.ts';
import { embeddedHarness, versionsViaDynamoDb, type Harness } from '../support/harness.ts';

const quiet = { info() {}, warn() {}, error() {} };
const DYNAMODB_ITEM_LIMIT = 400 * 1024;

function prose(seed: number, words: number): string {
  const vocabulary = ['council', 'river', 'bridge', 'minister', 'harbour', 'storm', 'vote', 'market', 'school', 'court', 'police', 'station'];
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(`${vocabulary[(i * 7 + seed * 13) % vocabulary.length]}${seed}x${i % 97}${(i + 1) % 12 === 0 ? '.\n\n' : ''}`);
  return out.join(' ');
}

describe('Record size: every version fits one DynamoDB item', () => {
  let harness: Harness;
  const itemBytes = async (storyId: string, version: number) => {
    const result = await harness.clients.dynamodb.send(
      new GetItemCommand({ TableName: harness.tableName, Key: { PK: { S: `STORY#${storyId}` }, SK: { S: `V#${String(version).padStart(10, '0')}` } } }),
    );
    return Buffer.byteLength(JSON.stringify(result.Item), 'utf8');
  };

  beforeAll(async () => {
    harness = await embeddedHarness('embedded');
  });
  afterAll(async () => harness?.close());

  it('moves the patch of a 40,000-word rewrite to the archive and keeps the record small', async () => {
    // Prepare
    await harness.put('stories/size/rewrite.txt', `Budget report\n\n${prose(1, 40_000)}`);
    await harness.put('stories/size/rewrite.txt', `Budget report\n\n${prose(2, 40_000)}`);
    // Act
    for (const event of await harness.takeEvents()) await ingestNotification(event, harness.deps, quiet);
    // Assess
    const [, rewrite] = await versionsViaDynamoDb(harness.clients.dynamodb, harness.tableName, 'size/rewrite');
    expect(rewrite?.patch).toBeUndefined();
    expect(rewrite?.patchRef?.key).toMatch(/^patches\/size\/rewrite\//);
    expect(await itemBytes('size/rewrite', 2)).toBeLessThan(DYNAMODB_ITEM_LIMIT);
    expect((await verifyStory('size/rewrite', harness.deps)).ok).toBe(true);
  });

  it('keeps a story written as one 600 KB line (huge headline, huge figure contexts) under the limit', async () => {
    // Prepare: no line breaks at all, so the whole upload is the headline and one sentence
    const line = (offset: number) => Array.from({ length: 30_000 }, (_, i) => `district ${i} counted ${5_000 + i + offset} ballots`).join(' and ');
    await harness.put('stories/size/one-line.txt', line(0));
    await harness.put('stories/size/one-line.txt', line(1));
    // Act
    for (const event of await harness.takeEvents()) await ingestNotification(event, harness.deps, quiet);
    // Assess
    const records = await versionsViaDynamoDb(harness.clients.dynamodb, harness.tableName, 'size/one-line');
    expect(records.map((r) => r.status)).toEqual(['recorded', 'recorded']);
    expect(records[1]?.headline?.length).toBeLessThanOrEqual(500);
    for (const version of [1, 2]) expect(await itemBytes('size/one-line', version)).toBeLessThan(DYNAMODB_ITEM_LIMIT);
    expect((await verifyStory('size/one-line', harness.deps)).ok).toBe(true);
  });

  it('keeps the change summary of thousands of changed figures bounded', async () => {
    // Prepare: a results table where every one of 4,000 figures changes
    const table = (offset: number) => Array.from({ length: 4_000 }, (_, i) => `Precinct ${i} of the northern district reports ${1_000 + i + offset} ballots counted.`).join('\n\n');
    await harness.put('stories/size/results.txt', `Election results\n\n${table(0)}`);
    await harness.put('stories/size/results.txt', `Election results\n\n${table(3)}`);
    // Act
    for (const event of await harness.takeEvents()) await ingestNotification(event, harness.deps, quiet);
    // Assess
    const [, update] = await versionsViaDynamoDb(harness.clients.dynamodb, harness.tableName, 'size/results');
    expect(await itemBytes('size/results', 2)).toBeLessThan(DYNAMODB_ITEM_LIMIT);
    expect(update?.change?.kinds).toContain('number');
    expect(update?.change?.numbers.length).toBeGreaterThan(0);
    expect((await verifyStory('size/results', harness.deps)).ok).toBe(true);
  });
});

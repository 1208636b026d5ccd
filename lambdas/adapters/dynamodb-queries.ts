// The read-side StoryQueries port on DynamoDB: key-condition queries on GSI1 (stories by last
// change), GSI2 (changes by day) and the sparse GSI3 (stealth edits by day). No scans, no filter
// expressions. `unindexedVersions` reads the stories' own partitions to find what the indexes miss.
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StartKey, StoryQueries, StorySummary, UnindexedVersion } from '../ports.ts';
import type { VersionRecord } from '../core/ledger.ts';
import { InvalidCursorError } from '../core/errors.ts';
import { recordFromItem, summaryFromItem, versionItemKeys, versionItems } from './dynamodb-ledger.ts';
import { TABLE_SCHEMA, keys } from './table-keys.ts';

const [GSI1, GSI2, GSI3] = TABLE_SCHEMA.indexes;

/**
 * A version is recorded after S3 applied it (eventTime ≤ recordedAt, up to clock skew between
 * S3 and the writer): reading a story newest first can stop at a record made this long before
 * the window. Imported revisions carry the archive's time as eventTime and a recent recordedAt,
 * so they are read, not skipped.
 */
const RECORDED_AFTER_EVENT_SKEW_MS = 3_600_000;
/** The attributes a version item's index keys derive from, and the keys themselves. */
const INDEX_CHECK_PROJECTION = {
  expression: 'PK, SK, GSI2PK, GSI2SK, GSI3PK, GSI3SK, storyId, version, eventTime, recordedAt, #change.stealth',
  names: { '#change': 'change' },
};
/** Stories whose partitions are read at once. */
const STORY_READS_IN_FLIGHT = 8;

/** The attributes DynamoDB needs to resume a GSI query after this item. */
function positionOf(item: Record<string, unknown>, index: { partitionKey: string; sortKey: string }): StartKey {
  return { PK: item.PK, SK: item.SK, [index.partitionKey]: item[index.partitionKey], [index.sortKey]: item[index.sortKey] };
}

/**
 * Resuming needs exactly the keys this adapter returned, in the partition being read: anything
 * else (an edited cursor) is an InvalidCursorError, not a ValidationException from DynamoDB.
 */
function checkedStartKey(startKey: StartKey, index: { partitionKey: string; sortKey: string }, partition: string): StartKey {
  const names = Object.keys(startKey).sort();
  const expected = ['PK', 'SK', index.partitionKey, index.sortKey].sort();
  const ours = names.length === expected.length && names.every((name, i) => name === expected[i]) && startKey[index.partitionKey] === partition;
  if (!ours) throw new InvalidCursorError();
  return startKey;
}

export class DynamoDbStoryQueries implements StoryQueries {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async storiesByLastChange(options: { limit: number; startKey?: StartKey }): Promise<{ items: StorySummary[]; lastKey?: StartKey }> {
    const result = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: GSI1.indexName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': GSI1.partitionKey },
        ExpressionAttributeValues: { ':pk': keys.storiesByLastChange },
        ScanIndexForward: false,
        Limit: options.limit,
        ...(options.startKey ? { ExclusiveStartKey: { ...checkedStartKey(options.startKey, GSI1, keys.storiesByLastChange) } } : {}),
      }),
    );
    return { items: (result.Items ?? []).map(summaryFromItem), ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey } : {}) };
  }

  async changesOnDay(
    day: string,
    options: { from: string; to: string; newestFirst: boolean; limit: number; stealthOnly?: boolean; startKey?: StartKey },
  ): Promise<{ items: { record: VersionRecord; position: StartKey }[]; lastKey?: StartKey }> {
    const index = options.stealthOnly ? GSI3 : GSI2;
    const partition = options.stealthOnly ? keys.stealthOnDay(`${day}T00:00:00.000Z`) : keys.changesOnDay(`${day}T00:00:00.000Z`);
    const result = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.indexName,
        // Sort keys start with the event time: `from#…` ≥ from, and `to#…` > to, so the range is [from, to).
        KeyConditionExpression: '#pk = :day AND #sk BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#pk': index.partitionKey, '#sk': index.sortKey },
        ExpressionAttributeValues: { ':day': partition, ':from': options.from, ':to': options.to },
        ScanIndexForward: !options.newestFirst,
        Limit: options.limit,
        ...(options.startKey ? { ExclusiveStartKey: { ...checkedStartKey(options.startKey, index, partition) } } : {}),
      }),
    );
    return {
      items: (result.Items ?? []).map((item) => ({ record: recordFromItem(item), position: positionOf(item, index) })),
      ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey } : {}),
    };
  }

  async unindexedVersions(options: { from: string; to: string; maxStories: number }): Promise<{ items: UnindexedVersion[]; storiesChecked: number; complete: boolean }> {
    const stories: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const result = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: GSI1.indexName,
          // GSI1's sort key starts with the story's lastChangedAt: every story changed since `from`.
          KeyConditionExpression: '#pk = :pk AND #sk >= :from',
          ExpressionAttributeNames: { '#pk': GSI1.partitionKey, '#sk': GSI1.sortKey },
          ExpressionAttributeValues: { ':pk': keys.storiesByLastChange, ':from': options.from },
          ProjectionExpression: 'storyId',
          ScanIndexForward: false,
          Limit: options.maxStories + 1 - stories.length,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of result.Items ?? []) stories.push(String(item.storyId));
      startKey = result.LastEvaluatedKey;
    } while (startKey && stories.length <= options.maxStories);
    const complete = stories.length <= options.maxStories;
    const checked = stories.slice(0, options.maxStories);
    const items: UnindexedVersion[] = [];
    for (let i = 0; i < checked.length; i += STORY_READS_IN_FLIGHT) {
      const found = await Promise.all(checked.slice(i, i + STORY_READS_IN_FLIGHT).map((storyId) => this.unindexedInStory(storyId, options.from, options.to)));
      items.push(...found.flat());
    }
    return { items, storiesChecked: checked.length, complete };
  }

  private async unindexedInStory(storyId: string, from: string, to: string): Promise<UnindexedVersion[]> {
    const readBack = new Date(Date.parse(from) - RECORDED_AFTER_EVENT_SKEW_MS).toISOString();
    const found: { version: number; offChanges: boolean; offStealth: boolean }[] = [];
    // Only what the index keys derive from (records carry patches): the few misses are read whole below.
    for await (const item of versionItems(this.documents, this.tableName, storyId, { newestFirst: true, consistent: false, pageSize: 200, projection: INDEX_CHECK_PROJECTION })) {
      const derivedFrom = recordFromItem(item);
      if (derivedFrom.recordedAt < readBack) break;
      if (derivedFrom.eventTime < from || derivedFrom.eventTime >= to) continue;
      const expected = versionItemKeys(derivedFrom);
      const offChanges = item.GSI2PK !== expected.GSI2PK || item.GSI2SK !== expected.GSI2SK;
      const offStealth = expected.GSI3PK !== undefined && (item.GSI3PK !== expected.GSI3PK || item.GSI3SK !== expected.GSI3SK);
      if (offChanges || offStealth) found.push({ version: derivedFrom.version, offChanges, offStealth });
    }
    const records = await Promise.all(
      found.map(async ({ version }) => {
        const result = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { PK: keys.story(storyId), SK: keys.version(version) } }));
        return result.Item ? recordFromItem(result.Item) : undefined;
      }),
    );
    return found.flatMap(({ offChanges, offStealth }, i) => (records[i] ? [{ record: records[i], offChanges, offStealth }] : []));
  }
}

// The read-side StoryQueries port on DynamoDB: key-condition queries on GSI1 (stories by last
// change), GSI2 (changes by day) and the sparse GSI3 (stealth edits by day). No scans, no filter
// expressions.
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StartKey, StoryQueries, StorySummary } from '../ports.ts';
import type { VersionRecord } from '../core/ledger.ts';
import { InvalidCursorError } from '../core/errors.ts';
import { recordFromItem, summaryFromItem } from './dynamodb-ledger.ts';
import { TABLE_SCHEMA, keys } from './table-keys.ts';

const [GSI1, GSI2, GSI3] = TABLE_SCHEMA.indexes;

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
}

// The Ledger port on DynamoDB: one item per version (the commit point), plus derived items
// (story summary, content index) that any writer rolls forward idempotently.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { InvalidCursorError, VersionConflictError } from '../core/errors.ts';
import { isArchivedRejection, type ArchivedVersion, type VersionRecord } from '../core/ledger.ts';
import type { Ledger, Page, StorySummary } from '../ports.ts';
import { KEY_ATTRIBUTES, keys } from './table-keys.ts';
import { logQueueUpdate } from './dynamodb-log.ts';


export function encodeCursor(lastKey: Record<string, unknown> | undefined): string | undefined {
  return lastKey ? Buffer.from(JSON.stringify(lastKey), 'utf8').toString('base64url') : undefined;
}

/** Decodes a cursor this adapter issued for `partitionKey`; anything else is an InvalidCursorError. */
export function decodeCursor(cursor: string | undefined, partition?: { readonly name: string; readonly value: string }): Record<string, unknown> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      !Array.isArray(parsed) &&
      Object.values(parsed).every((value) => typeof value === 'string') &&
      (partition === undefined || (parsed as Record<string, unknown>)[partition.name] === partition.value)
    ) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // fall through
  }
  throw new InvalidCursorError();
}

/** Strips key attributes from a stored item, leaving the record exactly as it was chained. */
export function recordFromItem(item: Record<string, unknown>): VersionRecord {
  const record: Record<string, unknown> = { ...item };
  for (const attribute of KEY_ATTRIBUTES) delete record[attribute];
  return record as unknown as VersionRecord;
}

/** Strips key attributes from a story summary item. */
export function summaryFromItem(item: Record<string, unknown>): StorySummary {
  const summary: Record<string, unknown> = { ...item };
  for (const attribute of KEY_ATTRIBUTES) delete summary[attribute];
  return summary as unknown as StorySummary;
}

/** Index attributes derived from the record alone (a version item carries no GSI1 keys). */
const DERIVED_INDEX_ATTRIBUTES = ['PK', 'SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK', 'itemType'] as const;

/** The key and index attributes of a version item: derived from the record alone, so verify can re-derive them. */
export function versionItemKeys(record: VersionRecord): Record<string, string> {
  return {
    PK: keys.story(record.storyId),
    SK: keys.version(record.version),
    GSI2PK: keys.changesOnDay(record.eventTime),
    GSI2SK: keys.changesOnDaySort(record.eventTime, record.storyId, record.version),
    ...(record.change?.stealth
      ? { GSI3PK: keys.stealthOnDay(record.eventTime), GSI3SK: keys.changesOnDaySort(record.eventTime, record.storyId, record.version) }
      : {}),
    itemType: 'version',
  };
}

/** A story's stored version items (keys and index attributes included), paged, oldest or newest first. */
export async function* versionItems(
  documents: DynamoDBDocumentClient,
  tableName: string,
  storyId: string,
  options: { newestFirst: boolean; consistent: boolean; pageSize?: number; projection?: { expression: string; names: Record<string, string> } },
): AsyncIterable<Record<string, unknown>> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await documents.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :v)',
        ExpressionAttributeValues: { ':pk': keys.story(storyId), ':v': keys.versionPrefix },
        ScanIndexForward: !options.newestFirst,
        ...(options.pageSize ? { Limit: options.pageSize } : {}),
        ...(options.projection ? { ProjectionExpression: options.projection.expression, ExpressionAttributeNames: options.projection.names } : {}),
        ExclusiveStartKey: startKey,
        ConsistentRead: options.consistent,
      }),
    );
    yield* result.Items ?? [];
    startKey = result.LastEvaluatedKey;
  } while (startKey);
}

/** Stories whose latest roll-forward an instance remembers (see `rolledForward`). */
const ROLLED_FORWARD_MEMORY = 10_000;

export class DynamoDbLedger implements Ledger {
  /**
   * Story id → chain hash of the last record this instance rolled forward completely. Its index
   * items and summary are written (nothing in the ledger deletes them), so rolling the same record
   * forward again — what every ingest does first with the latest record — changes nothing and is
   * skipped: three conditional writes per revision that would only fail their conditions.
   */
  private readonly rolledForward = new Map<string, string>();

  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async latest(storyId: string): Promise<VersionRecord | undefined> {
    const result = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :v)',
        ExpressionAttributeValues: { ':pk': keys.story(storyId), ':v': keys.versionPrefix },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const item = result.Items?.[0];
    return item ? recordFromItem(item) : undefined;
  }

  async versionWithContent(storyId: string, sha256: string): Promise<number | undefined> {
    const result = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: { PK: keys.story(storyId), SK: keys.content(sha256) }, ConsistentRead: true }),
    );
    const version = result.Item?.version;
    return typeof version === 'number' ? version : undefined;
  }

  async append(record: VersionRecord): Promise<void> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...record, ...versionItemKeys(record) },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new VersionConflictError(record.storyId, record.version);
      throw error;
    }
  }

  async rollForward(record: VersionRecord): Promise<void> {
    if (this.rolledForward.get(record.storyId) === record.chainHash) return;
    const pk = keys.story(record.storyId);
    const ignoreConditionFailure = (error: unknown) => {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    };
    // Four independent writes: none depends on another, so they go out together. The fourth puts the
    // version in the transparency log's queue (idempotent: a version is one attribute of its entry).
    await Promise.all([
      this.documents.send(new UpdateCommand(logQueueUpdate(this.tableName, [record]))),
      record.sha256
        ? this.documents
            .send(
              new PutCommand({
                TableName: this.tableName,
                Item: { PK: pk, SK: keys.content(record.sha256), itemType: 'content', version: record.version },
                ConditionExpression: 'attribute_not_exists(PK)',
              }),
            )
            .catch(ignoreConditionFailure)
        : undefined,
      this.documents
        .send(
          new PutCommand({
            TableName: this.tableName,
            Item: { PK: pk, SK: keys.source(record.source.key, record.source.versionId), itemType: 'source', version: record.version },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        )
        .catch(ignoreConditionFailure),
      this.documents.send(new UpdateCommand(this.summaryUpdate(record))).catch(ignoreConditionFailure),
      this.archiveIndexUpdate(record)?.catch(ignoreConditionFailure),
      // A story started with the index has it complete from version 1 on.
      record.version === 1 ? this.markArchiveIndexed(record.storyId) : undefined,
    ]);
    this.rolledForward.delete(record.storyId);
    this.rolledForward.set(record.storyId, record.chainHash);
    if (this.rolledForward.size > ROLLED_FORWARD_MEMORY) this.rolledForward.delete(this.rolledForward.keys().next().value!);
  }

  /**
   * The story summary after `record`. An `unarchived` version moves the head (latest version, status,
   * chain hash) but not the story's place among stories or its headline: it is an old upload.
   */
  private summaryUpdate(record: VersionRecord) {
    const late = record.status === 'unarchived';
    const headline = !late && record.headline !== undefined;
    return {
      TableName: this.tableName,
      Key: { PK: keys.story(record.storyId), SK: keys.summary },
      UpdateExpression:
        'SET itemType = :type, storyId = :story, latestVersion = :v, latestStatus = :status, latestChainHash = :chain, ' +
        'stealthCount = if_not_exists(stealthCount, :zero) + :stealth' +
        (late ? '' : ', lastChangedAt = :at, GSI1PK = :g1pk, GSI1SK = :g1sk') +
        (headline ? ', headline = :headline' : ''),
      ConditionExpression: 'attribute_not_exists(latestVersion) OR latestVersion < :v',
      ExpressionAttributeValues: {
        ':type': 'summary',
        ':story': record.storyId,
        ':v': record.version,
        ':status': record.status,
        ':chain': record.chainHash,
        ':zero': 0,
        ':stealth': record.change?.stealth ? 1 : 0,
        ...(late
          ? {}
          : { ':at': record.eventTime, ':g1pk': keys.storiesByLastChange, ':g1sk': keys.storiesByLastChangeSort(record.eventTime, record.storyId) }),
        ...(headline ? { ':headline': record.headline } : {}),
      },
    };
  }

  /**
   * The archive index entry a record adds: a version rejected `archived` is listed; an `unarchived`
   * version marks the one it restores (the first to do so keeps the mark).
   */
  private archiveIndexUpdate(record: VersionRecord): Promise<unknown> | undefined {
    const pk = keys.story(record.storyId);
    if (isArchivedRejection(record)) {
      return this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { PK: pk, SK: keys.archived(record.version), itemType: 'archived', version: record.version, key: record.source.key, ...(record.source.versionId !== undefined ? { versionId: record.source.versionId } : {}) },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    }
    if (record.status !== 'unarchived' || record.restores === undefined) return undefined;
    return this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { PK: pk, SK: keys.archived(record.restores) },
        UpdateExpression:
          'SET itemType = :type, version = :restores, #key = :key, restoredAs = :version' +
          (record.source.versionId !== undefined ? ', versionId = :versionId' : '') +
          (record.sha256 !== undefined ? ', restoredSha256 = :sha' : ''),
        ConditionExpression: 'attribute_not_exists(restoredAs)',
        ExpressionAttributeNames: { '#key': 'key' },
        ExpressionAttributeValues: {
          ':type': 'archived',
          ':restores': record.restores,
          ':key': record.source.key,
          ':version': record.version,
          ...(record.source.versionId !== undefined ? { ':versionId': record.source.versionId } : {}),
          ...(record.sha256 !== undefined ? { ':sha': record.sha256 } : {}),
        },
      }),
    );
  }

  private markArchiveIndexed(storyId: string): Promise<unknown> {
    return this.documents.send(new PutCommand({ TableName: this.tableName, Item: { PK: keys.story(storyId), SK: keys.archiveIndexed, itemType: 'archive-indexed' } }));
  }

  /**
   * Stories recorded before the archive index existed: one walk of the records adds every entry.
   * Records appended meanwhile add their own (rollForward), so the index is complete when the mark is written.
   */
  async indexArchivedVersions(storyId: string): Promise<void> {
    const mark = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { PK: keys.story(storyId), SK: keys.archiveIndexed }, ConsistentRead: true }));
    if (mark.Item) return;
    const ignoreConditionFailure = (error: unknown) => {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    };
    for await (const item of versionItems(this.documents, this.tableName, storyId, { newestFirst: false, consistent: true })) {
      await this.archiveIndexUpdate(recordFromItem(item))?.catch(ignoreConditionFailure);
    }
    await this.markArchiveIndexed(storyId);
  }

  async archivedVersions(storyId: string): Promise<ArchivedVersion[]> {
    const archived: ArchivedVersion[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const result = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :a)',
          ExpressionAttributeValues: { ':pk': keys.story(storyId), ':a': keys.archivedPrefix },
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
      );
      for (const item of result.Items ?? []) {
        archived.push({
          version: Number(item.version),
          key: String(item.key),
          ...(typeof item.versionId === 'string' ? { versionId: item.versionId } : {}),
          ...(typeof item.restoredAs === 'number'
            ? { restoredAs: { version: item.restoredAs, ...(typeof item.restoredSha256 === 'string' ? { sha256: item.restoredSha256 } : {}) } }
            : {}),
        });
      }
      startKey = result.LastEvaluatedKey;
    } while (startKey);
    return archived;
  }

  async recordedVersionOf(storyId: string, key: string, versionId: string): Promise<number | undefined> {
    const result = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: { PK: keys.story(storyId), SK: keys.source(key, versionId) }, ConsistentRead: true }),
    );
    const version = result.Item?.version;
    return typeof version === 'number' ? version : undefined;
  }

  async indexDrift(storyId: string): Promise<{ version: number; detail: string } | undefined> {
    for await (const item of versionItems(this.documents, this.tableName, storyId, { newestFirst: false, consistent: true })) {
      const record = recordFromItem(item);
      const expected = versionItemKeys(record);
      for (const attribute of DERIVED_INDEX_ATTRIBUTES) {
        if (item[attribute] !== expected[attribute]) {
          return {
            version: record.version,
            detail: `index attribute ${attribute} is ${JSON.stringify(item[attribute] ?? null)}, the record derives ${JSON.stringify(expected[attribute] ?? null)}`,
          };
        }
      }
    }
    return undefined;
  }

  /**
   * A Scan: `verify --all` reads every record anyway, and enumerating stories from the summaries
   * (GSI1) would let a deleted summary hide a story from verification.
   */
  async *storyIds(): AsyncIterable<string> {
    let startKey: Record<string, unknown> | undefined;
    const seen = new Set<string>();
    do {
      const result = await this.documents.send(
        new ScanCommand({
          TableName: this.tableName,
          ProjectionExpression: 'PK, SK, storyId',
          FilterExpression: 'begins_with(SK, :v)',
          ExpressionAttributeValues: { ':v': keys.versionPrefix },
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
      );
      for (const item of result.Items ?? []) {
        const storyId = String(item.PK).slice(keys.story('').length);
        if (!seen.has(storyId)) {
          seen.add(storyId);
          yield storyId;
        }
      }
      startKey = result.LastEvaluatedKey;
    } while (startKey);
  }

  async getVersion(storyId: string, version: number): Promise<VersionRecord | undefined> {
    const result = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: { PK: keys.story(storyId), SK: keys.version(version) }, ConsistentRead: true }),
    );
    return result.Item ? recordFromItem(result.Item) : undefined;
  }

  async summary(storyId: string): Promise<StorySummary | undefined> {
    const result = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: { PK: keys.story(storyId), SK: keys.summary }, ConsistentRead: true }),
    );
    return result.Item ? summaryFromItem(result.Item) : undefined;
  }

  async history(storyId: string, options: { newestFirst?: boolean; limit?: number; cursor?: string } = {}): Promise<Page<VersionRecord>> {
    const result = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :v)',
        ExpressionAttributeValues: { ':pk': keys.story(storyId), ':v': keys.versionPrefix },
        ScanIndexForward: !options.newestFirst,
        Limit: options.limit ?? 100,
        ExclusiveStartKey: decodeCursor(options.cursor, { name: 'PK', value: keys.story(storyId) }),
        ConsistentRead: true,
      }),
    );
    return { items: (result.Items ?? []).map(recordFromItem), cursor: encodeCursor(result.LastEvaluatedKey) };
  }
}

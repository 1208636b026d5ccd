// The TransparencyLogStore on the ledger's DynamoDB table: the tree as hash tiles (C2SP tlog-tiles
// layout, ≤ 8 KB items), leaf keys in bundles of 256, the committed state with the integrator's
// lease, and one item per signed checkpoint. Keys in table-keys.ts. Works on DynamoDB, DynamoDB
// Local, moto and dynalite (no transactions needed: one conditional write is the commit point).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LogBusyError } from '../core/errors.ts';
import { tileId, type Tile, type TileRef } from '../core/merkle.ts';
import type { LeafKey, LeafRun, LogState, PendingLeaf, TransparencyLogStore } from '../ports.ts';
import { keys } from './table-keys.ts';

const STATE_FIELDS = ['origin', 'size', 'rootHash', 'checkpoint', 'verifierKey', 'signedAt'] as const;
/** Parallel writes when marking records as logged. */
const MARK_CONCURRENCY = 16;

function stateFromItem(item: Record<string, unknown> | undefined): LogState | undefined {
  if (!item || typeof item.size !== 'number' || typeof item.checkpoint !== 'string') return undefined;
  return Object.fromEntries(STATE_FIELDS.map((field) => [field, item[field]])) as unknown as LogState;
}

async function inBatches<T>(items: readonly T[], size: number, work: (batch: T[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await work(items.slice(i, i + size));
}

export class DynamoDbLogStore implements TransparencyLogStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private key(sk: string) {
    return { PK: keys.log, SK: sk };
  }

  async state(): Promise<LogState | undefined> {
    const result = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: this.key(keys.logState), ConsistentRead: true }));
    return stateFromItem(result.Item);
  }

  async lease(owner: string, now: Date, until: Date): Promise<{ state?: LogState; unmarked?: LeafRun }> {
    try {
      const result = await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(keys.logState),
          UpdateExpression: 'SET leaseOwner = :owner, leaseUntil = :until',
          ConditionExpression: 'attribute_not_exists(leaseUntil) OR leaseUntil < :now OR leaseOwner = :owner',
          ExpressionAttributeValues: { ':owner': owner, ':until': until.getTime(), ':now': now.getTime() },
          ReturnValues: 'ALL_NEW',
        }),
      );
      const item = result.Attributes ?? {};
      const unmarked = typeof item.unmarkedFrom === 'number' && typeof item.unmarkedTo === 'number' ? { from: item.unmarkedFrom, to: item.unmarkedTo } : undefined;
      const state = stateFromItem(item);
      return { ...(state ? { state } : {}), ...(unmarked ? { unmarked } : {}) };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new LogBusyError('its lease has not expired yet');
      throw error;
    }
  }

  async release(owner: string): Promise<void> {
    await this.documents
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(keys.logState),
          UpdateExpression: 'REMOVE leaseOwner, leaseUntil',
          ConditionExpression: 'leaseOwner = :owner',
          ExpressionAttributeValues: { ':owner': owner },
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
  }

  async pending(limit: number): Promise<PendingLeaf[]> {
    const candidates: PendingLeaf[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const result = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pending',
          ExpressionAttributeValues: { ':pending': keys.logPending },
          Limit: Math.min(1000, limit - candidates.length),
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of result.Items ?? []) {
        candidates.push({ storyId: item.storyId as string, version: item.version as number, chainHash: item.chainHash as string, recordedAt: item.recordedAt as string });
      }
      startKey = result.LastEvaluatedKey;
    } while (startKey && candidates.length < limit);
    // The index is eventually consistent: confirm on the items themselves that each is still unlogged.
    const logged = new Set<string>();
    await inBatches(candidates, 100, async (batch) => {
      let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean; ProjectionExpression: string; ExpressionAttributeNames: Record<string, string> }> | undefined = {
        [this.tableName]: {
          Keys: batch.map((leaf) => ({ PK: keys.story(leaf.storyId), SK: keys.version(leaf.version) })),
          ConsistentRead: true,
          ProjectionExpression: 'storyId, #version, logIndex',
          ExpressionAttributeNames: { '#version': 'version' },
        },
      };
      while (request && Object.keys(request).length > 0) {
        const result = await this.documents.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of result.Responses?.[this.tableName] ?? []) {
          if (typeof item.logIndex === 'number') logged.add(`${item.storyId as string}#${item.version as number}`);
        }
        request = result.UnprocessedKeys as typeof request;
      }
    });
    return candidates.filter((leaf) => !logged.has(`${leaf.storyId}#${leaf.version}`));
  }

  async readTiles(refs: readonly TileRef[]): Promise<Map<string, Uint8Array>> {
    const tiles = new Map<string, Uint8Array>();
    await inBatches(refs, 100, async (batch) => {
      let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> | undefined = {
        [this.tableName]: { Keys: batch.map((ref) => this.key(keys.logTile(ref.level, ref.index))), ConsistentRead: true },
      };
      while (request && Object.keys(request).length > 0) {
        const result = await this.documents.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of result.Responses?.[this.tableName] ?? []) {
          tiles.set(tileId({ level: item.level as number, index: item.index as number }), item.hashes as Uint8Array);
        }
        request = result.UnprocessedKeys as typeof request;
      }
    });
    return tiles;
  }

  async writeTiles(tiles: readonly Tile[]): Promise<void> {
    await Promise.all(
      tiles.map((tile) =>
        this.documents.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...this.key(keys.logTile(tile.level, tile.index)), itemType: 'log-tile', level: tile.level, index: tile.index, hashes: tile.hashes },
          }),
        ),
      ),
    );
  }

  async readLeafKeys(bundle: number): Promise<LeafKey[]> {
    const result = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: this.key(keys.logLeafKeys(bundle)), ConsistentRead: true }));
    const encoded = result.Item?.leaves;
    if (typeof encoded !== 'string') return [];
    return (JSON.parse(encoded) as [string, number][]).map(([storyId, version]) => ({ storyId, version }));
  }

  async writeLeafKeys(bundle: number, leafKeys: readonly LeafKey[]): Promise<void> {
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...this.key(keys.logLeafKeys(bundle)), itemType: 'log-leaves', leaves: JSON.stringify(leafKeys.map((k) => [k.storyId, k.version])) },
      }),
    );
  }

  async commit(owner: string, previousSize: number, state: LogState, unmarked: LeafRun): Promise<void> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...this.key(keys.logState), itemType: 'log-state', ...state, unmarkedFrom: unmarked.from, unmarkedTo: unmarked.to },
          ConditionExpression: previousSize === 0 ? 'leaseOwner = :owner AND (attribute_not_exists(#size) OR #size = :zero)' : 'leaseOwner = :owner AND #size = :previous',
          ExpressionAttributeNames: { '#size': 'size' },
          ExpressionAttributeValues: previousSize === 0 ? { ':owner': owner, ':zero': 0 } : { ':owner': owner, ':previous': previousSize },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new LogBusyError('its lease expired and another integrator committed first');
      throw error;
    }
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...this.key(keys.logCheckpoint(state.size)), itemType: 'log-checkpoint', ...state },
      }),
    );
  }

  async markLogged(run: LeafRun, leafKeys: readonly LeafKey[]): Promise<void> {
    const work = leafKeys.map((key, i) => ({ key, index: run.from + i }));
    for (let i = 0; i < work.length; i += MARK_CONCURRENCY) {
      await Promise.all(
        work.slice(i, i + MARK_CONCURRENCY).map(({ key, index }) =>
          this.documents
            .send(
              new UpdateCommand({
                TableName: this.tableName,
                Key: { PK: keys.story(key.storyId), SK: keys.version(key.version) },
                UpdateExpression: 'SET logIndex = :index REMOVE GSI1PK, GSI1SK',
                ConditionExpression: 'attribute_exists(PK)',
                ExpressionAttributeValues: { ':index': index },
              }),
            )
            .catch((error: unknown) => {
              // A record deleted since it was logged: the log keeps it, verification reports it.
              if (!(error instanceof ConditionalCheckFailedException)) throw error;
            }),
        ),
      );
    }
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.key(keys.logState),
        UpdateExpression: 'REMOVE unmarkedFrom, unmarkedTo',
        ConditionExpression: 'unmarkedFrom = :from',
        ExpressionAttributeValues: { ':from': run.from },
      }),
    ).catch((error: unknown) => {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    });
  }

  async leafIndexOf(storyId: string, version: number): Promise<number | undefined> {
    const result = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: { PK: keys.story(storyId), SK: keys.version(version) }, ConsistentRead: true, ProjectionExpression: 'logIndex' }),
    );
    const index = result.Item?.logIndex;
    return typeof index === 'number' ? index : undefined;
  }

  async checkpoints(limit: number): Promise<LogState[]> {
    const result = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :log AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':log': keys.log, ':prefix': keys.logCheckpointPrefix },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((item) => stateFromItem(item)!).filter(Boolean);
  }
}

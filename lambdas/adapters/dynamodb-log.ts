// The TransparencyLogStore on the ledger's DynamoDB table: the tree as hash tiles (C2SP tlog-tiles
// layout, ≤ 8 KB items), leaf keys in brotli-compressed bundles of 256, the committed state with the
// integrator's lease, one item per signed checkpoint, the queue of records waiting to be logged
// (LOG#QUEUE, one partition read with consistent Queries) and one leaf index item per story and
// 1,000 versions (key + 6 bytes per version, nothing else).
// Integration writes in batches and touches no version record. Keys in table-keys.ts. Works on
// DynamoDB, DynamoDB Local, moto and dynalite (no transactions: one conditional write is the commit).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { brotliCompressSync, brotliDecompressSync, constants as zlib } from 'node:zlib';
import { LogBusyError } from '../core/errors.ts';
import { tileId, type Tile, type TileRef } from '../core/merkle.ts';
import type { CheckpointQuery, LeafKey, LeafRun, LogState, PendingLeaf, TransparencyLogStore } from '../ports.ts';
import { LOG_BLOCK_VERSIONS, keys } from './table-keys.ts';

const STATE_FIELDS = ['origin', 'size', 'rootHash', 'checkpoint', 'verifierKey', 'signedAt'] as const;
/** A story's leaf index, in blocks of 1,000 versions: the leaf of version v at bytes ((v−1) mod 1000)·6 … (big-endian); all ones = not logged. */
const LEAF_INDEX_BYTES = 6;
const NOT_LOGGED = 2 ** 48 - 1;
/** The largest checkpoint size its 13-digit sort key holds. */
const MAX_LOG_NUMBER = 10 ** 13 - 1;
/**
 * How recently a writer may have built a record it queues while the integrator dequeues its story
 * (a writer builds, commits and queues within one Lambda run: at most 15 minutes).
 */
const RACE_WINDOW_MS = 15 * 60_000;
/** BatchGetItem / BatchWriteItem requests in flight at once. */
const BATCH_CONCURRENCY = 8;
/** Queue entries asked for per Query page (each ≤ 1,000 versions of one story, most far smaller). */
const QUEUE_PAGE = 1000;
/**
 * Brotli quality for leaf-key bundles: about a millisecond a bundle, within a few per cent of the
 * best ratio (story ids share sections, dates and slugs: 24–41 bytes of JSON a leaf become 1–8).
 */
const LEAF_KEYS_QUALITY = 5;
type Key = Record<string, unknown>;
type WriteRequest = { PutRequest: { Item: Key } } | { DeleteRequest: { Key: Key } };

/**
 * The UpdateItem that puts versions of one story (one queue block) into the log's queue: each version
 * is its own attribute, so writing it again (a writer rolling forward) changes nothing.
 */
export function logQueueUpdate(tableName: string, leaves: readonly PendingLeaf[]): UpdateCommandInput {
  const first = leaves[0]!;
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':type': 'log-queue', ':story': first.storyId, ':since': leaves.map((leaf) => leaf.recordedAt).sort()[0] };
  const sets = leaves.map((leaf, i) => {
    if (leaf.storyId !== first.storyId || keys.logQueueEntry(leaf.storyId, leaf.version) !== keys.logQueueEntry(first.storyId, first.version)) throw new TypeError('one queue entry at a time');
    names[`#v${i}`] = keys.logQueueVersion(leaf.version);
    values[`:v${i}`] = Buffer.from(leaf.chainHash, 'hex');
    return `#v${i} = :v${i}`;
  });
  return {
    TableName: tableName,
    Key: { PK: keys.logQueue, SK: keys.logQueueEntry(first.storyId, first.version) },
    UpdateExpression: `SET itemType = :type, storyId = :story, since = if_not_exists(since, :since), ${sets.join(', ')}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** The versions a queue entry holds, in version order. */
function queuedLeaves(item: Key): PendingLeaf[] {
  const leaves: PendingLeaf[] = [];
  for (const [name, value] of Object.entries(item)) {
    const match = /^v(\d+)$/.exec(name);
    if (match && value instanceof Uint8Array) {
      leaves.push({ storyId: item.storyId as string, version: Number(match[1]), chainHash: Buffer.from(value).toString('hex'), recordedAt: item.since as string });
    }
  }
  return leaves.sort((x, y) => x.version - y.version);
}

/** Where a version's leaf index sits in its block's `leaves`. */
const offsetOf = (version: number) => ((version - 1) % LOG_BLOCK_VERSIONS) * LEAF_INDEX_BYTES;

/** The leaf index of `version` in its block's `leaves`; undefined when not logged. */
export function leafOfVersion(leaves: Uint8Array | undefined, version: number): number | undefined {
  const at = offsetOf(version);
  if (!leaves || version < 1 || at + LEAF_INDEX_BYTES > leaves.length) return undefined;
  const index = Buffer.from(leaves.buffer, leaves.byteOffset, leaves.byteLength).readUIntBE(at, LEAF_INDEX_BYTES);
  return index === NOT_LOGGED ? undefined : index;
}

/** A block's `leaves` with the given versions' leaf indexes set (grown as needed; versions not given keep theirs). */
export function withLeaves(leaves: Uint8Array | undefined, set: ReadonlyMap<number, number>): Buffer {
  const length = Math.max(leaves?.length ?? 0, ...[...set.keys()].map((version) => offsetOf(version) + LEAF_INDEX_BYTES));
  const out = Buffer.alloc(length, 0xff);
  if (leaves) out.set(leaves);
  for (const [version, index] of set) out.writeUIntBE(index, offsetOf(version), LEAF_INDEX_BYTES);
  return out;
}

/** A leaf-key bundle as stored: the JSON pairs [story id, version], brotli-compressed (binary). */
export function encodeLeafKeys(leafKeys: readonly LeafKey[]): Buffer {
  const text = Buffer.from(JSON.stringify(leafKeys.map((k) => [k.storyId, k.version])));
  return brotliCompressSync(text, { params: { [zlib.BROTLI_PARAM_QUALITY]: LEAF_KEYS_QUALITY, [zlib.BROTLI_PARAM_SIZE_HINT]: text.length } });
}

/**
 * The keys a stored bundle's `leaves` hold: brotli-compressed JSON (binary), or the JSON text that
 * builds before the compression wrote (read as it is; rewritten compressed when its bundle next grows).
 * No bundle: no keys. Anything else names the bundle as damaged.
 */
export function decodeLeafKeys(stored: unknown, bundle: number): LeafKey[] {
  if (stored === undefined) return [];
  let pairs: unknown;
  try {
    if (typeof stored === 'string') pairs = JSON.parse(stored);
    else if (stored instanceof Uint8Array) pairs = JSON.parse(brotliDecompressSync(stored).toString('utf8'));
  } catch (error) {
    throw new Error(`leaf key bundle ${bundle} cannot be read (${(error as Error).message}): the stored log is damaged`);
  }
  if (!Array.isArray(pairs) || !pairs.every((pair) => Array.isArray(pair) && typeof pair[0] === 'string' && Number.isInteger(pair[1]))) {
    throw new Error(`leaf key bundle ${bundle} does not hold [story, version] pairs: the stored log is damaged`);
  }
  return (pairs as [string, number][]).map(([storyId, version]) => ({ storyId, version }));
}

function stateFromItem(item: Record<string, unknown> | undefined): LogState | undefined {
  if (!item || typeof item.size !== 'number' || typeof item.checkpoint !== 'string') return undefined;
  return Object.fromEntries(STATE_FIELDS.map((field) => [field, item[field]])) as unknown as LogState;
}

/**
 * Sends a batch request, then what DynamoDB left unprocessed (`send` returns it, or undefined when
 * nothing is left), pausing longer before each resend.
 */
async function untilProcessed<R>(first: R, send: (request: R) => Promise<R | undefined>): Promise<void> {
  let request: R | undefined = first;
  for (let attempt = 0; request !== undefined; attempt++) {
    if (attempt > 0) await sleep(Math.min(1000, 20 * 2 ** attempt));
    request = await send(request);
  }
}

/** `work` on slices of `size` items, BATCH_CONCURRENCY slices at once. */
async function inBatches<T>(items: readonly T[], size: number, work: (batch: T[]) => Promise<void>): Promise<void> {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  for (let i = 0; i < batches.length; i += BATCH_CONCURRENCY) await Promise.all(batches.slice(i, i + BATCH_CONCURRENCY).map(work));
}

export class DynamoDbLogStore implements TransparencyLogStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * The leaf-index blocks `pending` read under the current lease. `markLogged` of the run that
   * follows merges into these instead of reading them again: only the lease holder writes them, and
   * `pending` runs after the lease's repair of an unmarked run. Forgotten at every lease and markLogged.
   */
  private blocksOfRun: Map<string, Uint8Array | undefined> | undefined;

  private key(sk: string) {
    return { PK: keys.log, SK: sk };
  }

  async state(): Promise<LogState | undefined> {
    const result = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: this.key(keys.logState), ConsistentRead: true }));
    return stateFromItem(result.Item);
  }

  async lease(owner: string, now: Date, until: Date): Promise<{ state?: LogState; unmarked?: LeafRun }> {
    this.blocksOfRun = undefined;
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

  /** Consistent BatchGets (100 keys a request, unprocessed keys asked again); items by "PK|SK". */
  private async batchGet(keyList: readonly Key[], projection?: string): Promise<Map<string, Key>> {
    const found = new Map<string, Key>();
    await inBatches(keyList, 100, async (batch) => {
      type Request = Record<string, { Keys: Key[]; ConsistentRead: boolean; ProjectionExpression?: string }>;
      const first: Request = { [this.tableName]: { Keys: batch, ConsistentRead: true, ...(projection ? { ProjectionExpression: projection } : {}) } };
      await untilProcessed(first, async (request) => {
        const result = await this.documents.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of result.Responses?.[this.tableName] ?? []) found.set(`${item.PK as string}|${item.SK as string}`, item);
        const unprocessed = result.UnprocessedKeys as Request | undefined;
        return unprocessed && Object.keys(unprocessed).length > 0 ? unprocessed : undefined;
      });
    });
    return found;
  }

  /** BatchWriteItem, 25 requests each, a few at once; unprocessed ones are sent again. */
  private async batchWrite(requests: readonly WriteRequest[]): Promise<void> {
    await inBatches(requests, 25, (batch) =>
      untilProcessed(batch, async (request) => {
        const result = await this.documents.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: request } }));
        const unprocessed = (result.UnprocessedItems?.[this.tableName] ?? []) as WriteRequest[];
        return unprocessed.length > 0 ? unprocessed : undefined;
      }),
    );
  }

  private storyLeavesKey(leaf: LeafKey): Key {
    return { PK: keys.story(leaf.storyId), SK: keys.storyLeaves(leaf.version) };
  }

  private blockId(leaf: LeafKey): string {
    return `${keys.story(leaf.storyId)}|${keys.storyLeaves(leaf.version)}`;
  }

  /** The leaf-index blocks holding these versions, by `blockId` (undefined: no version of the block logged yet). */
  private async storyLeaves(leaves: Iterable<LeafKey>): Promise<Map<string, Uint8Array | undefined>> {
    const blocks = new Map<string, Key>();
    for (const leaf of leaves) blocks.set(this.blockId(leaf), this.storyLeavesKey(leaf));
    const found = await this.batchGet([...blocks.values()]);
    return new Map([...blocks.keys()].map((id) => [id, found.get(id)?.leaves as Uint8Array | undefined]));
  }

  private leavesOf(blocks: ReadonlyMap<string, Uint8Array | undefined>, leaf: LeafKey): Uint8Array | undefined {
    return blocks.get(this.blockId(leaf));
  }

  async enqueue(leaves: readonly PendingLeaf[]): Promise<void> {
    const entries = new Map<string, PendingLeaf[]>();
    for (const leaf of leaves) {
      const entry = keys.logQueueEntry(leaf.storyId, leaf.version);
      entries.set(entry, [...(entries.get(entry) ?? []), leaf]);
    }
    for (const group of entries.values()) {
      for (let i = 0; i < group.length; i += 100) await this.documents.send(new UpdateCommand(logQueueUpdate(this.tableName, group.slice(i, i + 100))));
    }
  }

  async pending(limit: number): Promise<PendingLeaf[]> {
    const entries: { item: Key; leaves: PendingLeaf[] }[] = [];
    let queued = 0;
    let startKey: Key | undefined;
    do {
      const result = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :queue',
          ExpressionAttributeValues: { ':queue': keys.logQueue },
          ConsistentRead: true,
          Limit: Math.max(1, Math.min(QUEUE_PAGE, limit - queued)),
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of result.Items ?? []) {
        if (queued >= limit) break;
        const leaves = queuedLeaves(item);
        entries.push({ item, leaves });
        queued += leaves.length;
      }
      startKey = result.LastEvaluatedKey;
    } while (startKey && queued < limit);
    if (entries.length === 0) return [];
    // Versions a story's leaf index already names (a writer rolling forward again) are not logged twice.
    const logged = await this.storyLeaves(entries.flatMap(({ leaves }) => leaves));
    this.blocksOfRun = logged;
    const ready: PendingLeaf[] = [];
    const spent: PendingLeaf[] = [];
    for (const { item, leaves } of entries.sort((x, y) => String(x.item.since).localeCompare(String(y.item.since)) || String(x.item.SK).localeCompare(String(y.item.SK)))) {
      const fresh = leaves.filter((leaf) => leafOfVersion(this.leavesOf(logged, leaf), leaf.version) === undefined);
      ready.push(...fresh);
      if (fresh.length === 0) spent.push(...leaves);
    }
    await this.dequeue(spent);
    return ready;
  }

  /** Deletes the queue entries of these leaves (in batches, unconditionally), then `recheck`s their stories. */
  private async dequeue(leaves: readonly LeafKey[]): Promise<void> {
    const { deletes, lastVersions } = this.dequeueRequests(leaves);
    await this.batchWrite(deletes);
    await this.recheck(lastVersions);
  }

  /** The deletes of these leaves' queue entries, and each story's last version among them. */
  private dequeueRequests(leaves: readonly LeafKey[]): { deletes: WriteRequest[]; lastVersions: Map<string, number> } {
    const entries = new Map<string, Key>();
    const lastVersions = new Map<string, number>();
    for (const leaf of leaves) {
      const key = { PK: keys.logQueue, SK: keys.logQueueEntry(leaf.storyId, leaf.version) };
      entries.set(key.SK, key);
      lastVersions.set(leaf.storyId, Math.max(lastVersions.get(leaf.storyId) ?? 0, leaf.version));
    }
    return { deletes: [...entries.values()].map((Key) => ({ DeleteRequest: { Key } })), lastVersions };
  }

  /**
   * After the queue entries are deleted: looks for a version right after each story's last one. A
   * writer that added it to an entry just before the delete committed its record first, so it is
   * found here and put back in the queue.
   */
  private async recheck(lastVersions: ReadonlyMap<string, number>): Promise<void> {
    if (lastVersions.size === 0) return;
    const next = await this.batchGet(
      [...lastVersions].map(([storyId, version]) => ({ PK: keys.story(storyId), SK: keys.version(version + 1) })),
      'PK, SK, recordedAt',
    );
    const since = new Date(Date.now() - RACE_WINDOW_MS).toISOString();
    for (const [storyId, version] of lastVersions) {
      const recordedAt = next.get(`${keys.story(storyId)}|${keys.version(version + 1)}`)?.recordedAt;
      if (typeof recordedAt === 'string' && recordedAt >= since) await this.requeue(storyId, version, since);
    }
  }

  /**
   * Puts the story's versions after `version` recorded since `since` that its leaf index does not
   * name back in the queue. Older ones were not written by a writer racing the dequeue: left to
   * verification (not-in-log), like any record that never reached the queue.
   */
  private async requeue(storyId: string, version: number, since: string): Promise<void> {
    const waiting: PendingLeaf[] = [];
    let startKey: Key | undefined;
    do {
      const result = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': keys.story(storyId), ':from': keys.version(version + 1), ':to': keys.version(10 ** 10 - 1) },
          ProjectionExpression: 'storyId, #version, chainHash, recordedAt',
          ExpressionAttributeNames: { '#version': 'version' },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of result.Items ?? []) {
        if ((item.recordedAt as string) >= since) waiting.push(item as unknown as PendingLeaf);
      }
      startKey = result.LastEvaluatedKey;
    } while (startKey);
    const logged = await this.storyLeaves(waiting);
    await this.enqueue(waiting.filter((leaf) => leafOfVersion(this.leavesOf(logged, leaf), leaf.version) === undefined));
  }

  async readTiles(refs: readonly TileRef[]): Promise<Map<string, Uint8Array>> {
    const found = await this.batchGet(refs.map((ref) => this.key(keys.logTile(ref.level, ref.index))));
    return new Map([...found.values()].map((item) => [tileId({ level: item.level as number, index: item.index as number }), item.hashes as Uint8Array]));
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
    return decodeLeafKeys(result.Item?.leaves, bundle);
  }

  async writeLeafKeys(bundle: number, leafKeys: readonly LeafKey[]): Promise<void> {
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...this.key(keys.logLeafKeys(bundle)), itemType: 'log-leaves', leaves: encodeLeafKeys(leafKeys) },
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

  async markLogged(run: LeafRun, leaves: readonly LeafKey[]): Promise<void> {
    const byBlock = new Map<string, { key: Key; versions: Map<number, number> }>();
    leaves.forEach((leaf, i) => {
      const id = this.blockId(leaf);
      const block = byBlock.get(id) ?? { key: this.storyLeavesKey(leaf), versions: new Map<number, number>() };
      block.versions.set(leaf.version, run.from + i);
      byBlock.set(id, block);
    });
    // Only the integrator (under its lease) writes the stories' leaf indexes: merge into the blocks
    // `pending` read for this run (read the others), put them back.
    const known = this.blocksOfRun ?? new Map<string, Uint8Array | undefined>();
    this.blocksOfRun = undefined;
    const stored = new Map([...known, ...(await this.storyLeaves(leaves.filter((leaf) => !known.has(this.blockId(leaf)))))]);
    // Key and leaves only: no item type (nothing reads it, and it was a third of a one-version story's item).
    const puts: WriteRequest[] = [...byBlock].map(([id, { key, versions }]) => ({ PutRequest: { Item: { ...key, leaves: withLeaves(stored.get(id), versions) } } }));
    // The leaf indexes and the queue deletes in one stream of batches: a crash part-way leaves the
    // run unmarked, and the next lease marks it again from the leaf keys.
    const { deletes, lastVersions } = this.dequeueRequests(leaves);
    await this.batchWrite([...puts, ...deletes]);
    await this.recheck(lastVersions);
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
    const result = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: this.storyLeavesKey({ storyId, version }), ConsistentRead: true }));
    return leafOfVersion(result.Item?.leaves as Uint8Array | undefined, version);
  }

  async checkpoints(limit: number, options: CheckpointQuery = {}): Promise<LogState[]> {
    const from = options.aboveSize === undefined ? 0 : options.aboveSize + 1;
    const to = options.atMostSize ?? MAX_LOG_NUMBER;
    if (from > to) return [];
    const result = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :log AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':log': keys.log, ':from': keys.logCheckpoint(from), ':to': keys.logCheckpoint(to) },
        ScanIndexForward: options.oldestFirst === true,
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return (result.Items ?? []).map((item) => stateFromItem(item)!).filter(Boolean);
  }
}

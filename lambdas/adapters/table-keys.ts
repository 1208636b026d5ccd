// Every DynamoDB key Redline reads or writes is built here, and the table's shape is declared
// once for the CDK stack, `redline init` and the embedded store.
//
//   item                PK               SK                 GSI1 (stories by last change)        GSI2 (changes by day)                          GSI3 (stealth edits by day, sparse)
//   version record      STORY#<id>       V#<0000000001>     –                                    DAY#<yyyy-mm-dd> / <eventTime>#<id>#<version>   STEALTH#<yyyy-mm-dd> / same sort key (stealth versions only)
//   story summary       STORY#<id>       SUMMARY            STORIES / <lastChangedAt>#<id>       –
//   content index       STORY#<id>       SHA#<sha256>       –                                    –
//   log state           LOG              STATE              –   (size, root, signed checkpoint, integrator lease)
//   log hash tile       LOG              TILE#<level>#<0000000000000 index>   (≤ 256 hashes, C2SP tlog-tiles layout)
//   log leaf keys       LOG              LEAVES#<0000000000000 index>         (story + version of leaves index·256 …)
//   checkpoint history  LOG              CHECKPOINT#<0000000000000 size>
//   log queue entry     LOG#QUEUE        <id>#<0000000 block>   (a story's versions waiting for the log, ≤ 1,000 a block: v<version> = chain hash; deleted once logged)
//   story's leaf index  STORY#<id>       LOG#<0000000 block>   (6-byte leaf index of each of ≤ 1,000 versions, in version order)
//   archive index done  STORY#<id>       ARCHIVED               (the index is complete: written with version 1, or once built from the records)
//   archive index       STORY#<id>       ARCHIVED#<0000000001>  (a version rejected `archived`: its key and versionId; restoredAs/restoredSha256 once an `unarchived` version recorded it)
//   source index        STORY#<id>       SRC#<key>#<versionId> (SRC#sha256:<hex of key>#… past 1,024 bytes)  –                                –   (which version recorded that S3 version)

import { sha256Hex } from '../core/hashing.ts';

export const TABLE_SCHEMA = {
  partitionKey: 'PK',
  sortKey: 'SK',
  indexes: [
    { indexName: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
    { indexName: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
    { indexName: 'GSI3', partitionKey: 'GSI3PK', sortKey: 'GSI3SK' },
  ],
} as const;

/**
 * Attributes that are keys or bookkeeping, not part of the records they index (logIndex: where the
 * first build of the transparency log noted a record's leaf on the version item; no longer written,
 * still stripped so such items read as the records they are).
 */
export const KEY_ATTRIBUTES = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK', 'itemType', 'logIndex'] as const;

const VERSION_DIGITS = 10;
const MAX_SORT_KEY_BYTES = 1024;
/**
 * Versions per log queue entry and per story leaf-index item (≤ 1,000 × ~40 bytes and × 6 bytes:
 * far under DynamoDB's 400 KB item limit however many versions a story has).
 */
export const LOG_BLOCK_VERSIONS = 1000;
const logBlock = (version: number) => Math.floor((version - 1) / LOG_BLOCK_VERSIONS).toString().padStart(7, '0');
const LOG_INDEX_DIGITS = 13;
const logNumber = (n: number) => n.toString().padStart(LOG_INDEX_DIGITS, '0');

export const keys = {
  story: (storyId: string) => `STORY#${storyId}`,
  version: (version: number) => `V#${version.toString().padStart(VERSION_DIGITS, '0')}`,
  versionPrefix: 'V#',
  summary: 'SUMMARY',
  content: (sha256: string) => `SHA#${sha256}`,
  /** A version rejected `archived` (the versions a restore can complete, without reading the history). */
  archived: (version: number) => `ARCHIVED#${version.toString().padStart(VERSION_DIGITS, '0')}`,
  archivedPrefix: 'ARCHIVED#',
  /** Present once the story's archive index is complete (written with version 1, or by indexArchivedVersions). */
  archiveIndexed: 'ARCHIVED',
  /**
   * `null` stands for a revision recorded from an unversioned bucket (S3's own name for it). A key
   * too long for DynamoDB's 1,024-byte sort key (S3 keys reach 1,024 bytes themselves) is named
   * by its SHA-256 instead.
   */
  source: (key: string, versionId: string | undefined) => {
    const sortKey = `SRC#${key}#${versionId ?? 'null'}`;
    return Buffer.byteLength(sortKey, 'utf8') <= MAX_SORT_KEY_BYTES ? sortKey : `SRC#sha256:${sha256Hex(key)}#${versionId ?? 'null'}`;
  },
  storiesByLastChange: 'STORIES',
  storiesByLastChangeSort: (lastChangedAt: string, storyId: string) => `${lastChangedAt}#${storyId}`,
  changesOnDay: (isoTime: string) => `DAY#${isoTime.slice(0, 10)}`,
  changesOnDaySort: (isoTime: string, storyId: string, version: number) => `${isoTime}#${storyId}#${keys.version(version)}`,
  /** Only stealth versions carry GSI3 keys (a sparse index); the sort key is GSI2's. */
  stealthOnDay: (isoTime: string) => `STEALTH#${isoTime.slice(0, 10)}`,
  /** Version records waiting for the log integrator: one partition, read with consistent Queries. */
  logQueue: 'LOG#QUEUE',
  /** The queue entry of a story's versions (1–1000, 1001–2000, …): one item however many versions wait. */
  logQueueEntry: (storyId: string, version: number) => `${storyId}#${logBlock(version)}`,
  /** The attribute of a queue entry holding a version's chain hash. */
  logQueueVersion: (version: number) => `v${version}`,
  /** Where the log put versions 1–1000, 1001–2000, … of a story (in the story's partition; no version record is touched). */
  storyLeaves: (version: number) => `LOG#${logBlock(version)}`,
  log: 'LOG',
  logState: 'STATE',
  logTile: (level: number, index: number) => `TILE#${level}#${logNumber(index)}`,
  logLeafKeys: (bundle: number) => `LEAVES#${logNumber(bundle)}`,
  logCheckpoint: (size: number) => `CHECKPOINT#${logNumber(size)}`,
} as const;

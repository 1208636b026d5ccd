// Every DynamoDB key Redline reads or writes is built here, and the table's shape is declared
// once for the CDK stack, `redline init` and the embedded store.
//
//   item                PK               SK                 GSI1 (stories by last change)        GSI2 (changes by day)                          GSI3 (stealth edits by day, sparse)
//   version record      STORY#<id>       V#<0000000001>     –                                    DAY#<yyyy-mm-dd> / <eventTime>#<id>#<version>   STEALTH#<yyyy-mm-dd> / same sort key (stealth versions only)
//   story summary       STORY#<id>       SUMMARY            STORIES / <lastChangedAt>#<id>       –
//   content index       STORY#<id>       SHA#<sha256>       –                                    –
//   (version records not yet in the transparency log also carry GSI1 LOG#PENDING / <recordedAt>#<id>#<version>;
//    the integrator removes it and sets logIndex)
//   log state           LOG              STATE              –   (size, root, signed checkpoint, integrator lease)
//   log hash tile       LOG              TILE#<level>#<0000000000000 index>   (≤ 256 hashes, C2SP tlog-tiles layout)
//   log leaf keys       LOG              LEAVES#<0000000000000 index>         (story + version of leaves index·256 …)
//   checkpoint history  LOG              CHECKPOINT#<0000000000000 size>
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
 * integrator put the record in the transparency log; it is set after the record was chained).
 */
export const KEY_ATTRIBUTES = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK', 'itemType', 'logIndex'] as const;

const VERSION_DIGITS = 10;
const MAX_SORT_KEY_BYTES = 1024;
const LOG_INDEX_DIGITS = 13;
const logNumber = (n: number) => n.toString().padStart(LOG_INDEX_DIGITS, '0');

export const keys = {
  story: (storyId: string) => `STORY#${storyId}`,
  version: (version: number) => `V#${version.toString().padStart(VERSION_DIGITS, '0')}`,
  versionPrefix: 'V#',
  summary: 'SUMMARY',
  content: (sha256: string) => `SHA#${sha256}`,
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
  /** Version records waiting for the log integrator: a sparse use of GSI1, oldest first. */
  logPending: 'LOG#PENDING',
  logPendingSort: (recordedAt: string, storyId: string, version: number) => `${recordedAt}#${storyId}#${keys.version(version)}`,
  log: 'LOG',
  logState: 'STATE',
  logTile: (level: number, index: number) => `TILE#${level}#${logNumber(index)}`,
  logLeafKeys: (bundle: number) => `LEAVES#${logNumber(bundle)}`,
  logCheckpoint: (size: number) => `CHECKPOINT#${logNumber(size)}`,
  logCheckpointPrefix: 'CHECKPOINT#',
} as const;

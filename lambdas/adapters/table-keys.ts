// Every DynamoDB key Redline reads or writes is built here, and the table's shape is declared
// once for the CDK stack, `redline init` and the embedded store.
//
//   item                PK               SK                 GSI1 (stories by last change)        GSI2 (changes by day)                          GSI3 (stealth edits by day, sparse)
//   version record      STORY#<id>       V#<0000000001>     –                                    DAY#<yyyy-mm-dd> / <eventTime>#<id>#<version>   STEALTH#<yyyy-mm-dd> / same sort key (stealth versions only)
//   story summary       STORY#<id>       SUMMARY            STORIES / <lastChangedAt>#<id>       –
//   content index       STORY#<id>       SHA#<sha256>       –                                    –

export const TABLE_SCHEMA = {
  partitionKey: 'PK',
  sortKey: 'SK',
  indexes: [
    { indexName: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
    { indexName: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
    { indexName: 'GSI3', partitionKey: 'GSI3PK', sortKey: 'GSI3SK' },
  ],
} as const;

/** Attributes that are keys, not part of the records they index. */
export const KEY_ATTRIBUTES = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK', 'itemType'] as const;

const VERSION_DIGITS = 10;

export const keys = {
  story: (storyId: string) => `STORY#${storyId}`,
  version: (version: number) => `V#${version.toString().padStart(VERSION_DIGITS, '0')}`,
  versionPrefix: 'V#',
  summary: 'SUMMARY',
  content: (sha256: string) => `SHA#${sha256}`,
  storiesByLastChange: 'STORIES',
  storiesByLastChangeSort: (lastChangedAt: string, storyId: string) => `${lastChangedAt}#${storyId}`,
  changesOnDay: (isoTime: string) => `DAY#${isoTime.slice(0, 10)}`,
  changesOnDaySort: (isoTime: string, storyId: string, version: number) => `${isoTime}#${storyId}#${keys.version(version)}`,
  /** Only stealth versions carry GSI3 keys (a sparse index); the sort key is GSI2's. */
  stealthOnDay: (isoTime: string) => `STEALTH#${isoTime.slice(0, 10)}`,
} as const;

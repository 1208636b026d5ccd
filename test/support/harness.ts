// Test harnesses: one pipeline per backend, each reached only through real protocol servers and
// the real SDK clients. A harness uploads through S3 and hands back the S3 notifications that the
// backend produced, so tests can deliver them in order, shuffled, duplicated or concurrently.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { QueryCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AwsClients } from '../../lambdas/adapters/clients.ts';
import { ensureBucket, ensureBucketNotifications, ensureNotificationQueue, ensureTable } from '../../lambdas/adapters/provision.ts';
import { ingestDeps } from '../../lambdas/app/wiring.ts';
import type { IngestDeps } from '../../lambdas/app/ingest.ts';
import { ingestConfigFromEnv } from '../../lambdas/config.ts';
import { EmbeddedRedline } from '../../lambdas/local/embedded.ts';
import type { VersionRecord } from '../../lambdas/core/ledger.ts';
import { KEY_ATTRIBUTES } from '../../lambdas/adapters/table-keys.ts';
import { startDynamoDbLocal } from './dynamodb-local.ts';
import { startMoto } from './moto.ts';

export interface Harness {
  readonly label: string;
  readonly bucket: string;
  readonly tableName: string;
  readonly clients: AwsClients;
  readonly deps: IngestDeps;
  /** What verification reads with, when `deps` remembers what it wrote (the embedded pump's). @default deps */
  readonly auditDeps?: Pick<IngestDeps, 'ledger' | 'archive'>;
  /** Whether S3 reports object versions (moto, the embedded stand-in), so order is S3's. */
  readonly versioned: boolean;
  put(key: string, body: string | Buffer, metadata?: Record<string, string>): Promise<void>;
  remove(key: string): Promise<void>;
  /** The notification payloads (S3 event JSON) produced since the last call, in delivery order. */
  takeEvents(): Promise<unknown[]>;
  /**
   * moto lists delete markers after all versions at one-second precision (AWS interleaves them in
   * document order), so on moto a delete must be a second apart from its neighbours to be ordered.
   */
  readonly listsDeleteMarkersApart?: boolean;
  /** Where DynamoDB is, to build clients with test-only middleware (throttling storms). */
  readonly dynamodbEndpoint: string;
  readonly s3Endpoint: string;
  /** SQS queue URL when the backend notifies through SQS. */
  readonly queueUrl?: string;
  close(): Promise<void>;
}

/** Reads a story's version items straight through the DynamoDB API (not through Redline's adapter). */
export async function versionsViaDynamoDb(dynamodb: DynamoDBClient, tableName: string, storyId: string): Promise<VersionRecord[]> {
  const records: VersionRecord[] = [];
  let startKey: Record<string, never> | undefined;
  do {
    const result = await dynamodb.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :v)',
        ExpressionAttributeValues: { ':pk': { S: `STORY#${storyId}` }, ':v': { S: 'V#' } },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of result.Items ?? []) {
      const record = unmarshall(item);
      for (const attribute of KEY_ATTRIBUTES) delete record[attribute];
      records.push(record as VersionRecord);
    }
    startKey = result.LastEvaluatedKey as Record<string, never> | undefined;
  } while (startKey);
  return records;
}

/**
 * The embedded stand-ins, with the events handed to the test. `deps: 'pump'` delivers them with
 * the dependencies `redline start`'s own pump uses (in-process version reads, remembered writes).
 */
export async function embeddedHarness(label: string, dynamodbEndpoint?: string, options: { deps?: 'pump' } = {}): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'redline-harness-'));
  const pending: unknown[] = [];
  const embedded = await EmbeddedRedline.start({ dataDir, dynamodbEndpoint, autoIngest: false, onEvent: (event) => pending.push(event) });
  return {
    ...(options.deps === 'pump' ? { deps: embedded.pumpDeps(), auditDeps: embedded.deps() } : { deps: embedded.deps() }),
    label,
    bucket: embedded.names.uploadBucket,
    tableName: embedded.names.tableName,
    clients: embedded.clients,
    dynamodbEndpoint: embedded.endpoints.dynamodb,
    s3Endpoint: embedded.endpoints.s3,
    versioned: true,
    put: async (key, body, metadata = {}) => {
      await embedded.clients.s3.send(new PutObjectCommand({ Bucket: embedded.names.uploadBucket, Key: key, Body: Buffer.from(body), Metadata: metadata }));
    },
    remove: async (key) => {
      await embedded.clients.s3.send(new DeleteObjectCommand({ Bucket: embedded.names.uploadBucket, Key: key }));
    },
    takeEvents: async () => pending.splice(0),
    close: async () => {
      await embedded.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function dynamoDbLocalHarness(): Promise<Harness> {
  const database = await startDynamoDbLocal();
  const harness = await embeddedHarness('DynamoDB Local (official jar) + embedded S3', database.endpoint);
  return { ...harness, close: async () => {
    await harness.close();
    await database.stop();
  } };
}

/** moto server: versioned S3 with S3 → SQS notifications, SQS, and DynamoDB, all on one endpoint. */
export async function motoHarness(): Promise<Harness> {
  const moto = await startMoto();
  const { endpoint, clients } = moto;
  const bucket = 'newsroom-uploads';
  const tableName = 'redline-ledger';
  await ensureBucket(clients.s3, bucket, { versioning: true });
  await ensureBucket(clients.s3, `${bucket}-archive`, { versioning: true });
  await ensureTable(clients.dynamodb, tableName);
  const queue = await ensureNotificationQueue(clients.sqs, `${bucket}-notifications`, 30);
  await ensureBucketNotifications(clients.s3, bucket, queue.queueArn, 'stories/');
  const deps = ingestDeps(clients, { tableName, archiveBucket: `${bucket}-archive` }, ingestConfigFromEnv());
  return {
    label: 'moto server (versioned S3 → SQS, DynamoDB)',
    bucket,
    tableName,
    clients,
    dynamodbEndpoint: endpoint,
    s3Endpoint: endpoint,
    deps,
    versioned: true,
    listsDeleteMarkersApart: true,
    queueUrl: queue.queueUrl,
    put: async (key, body, metadata = {}) => {
      await clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.from(body), Metadata: metadata }));
    },
    remove: async (key) => {
      await clients.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    takeEvents: async () => drainQueue(clients.sqs, queue.queueUrl),
    close: async () => moto.stop(),
  };
}

/** Receives and deletes every message on the queue; returns the parsed S3 notification bodies. */
export async function drainQueue(sqs: SQSClient, queueUrl: string): Promise<unknown[]> {
  const payloads: unknown[] = [];
  for (let empty = 0; empty < 2; ) {
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    const messages = received.Messages ?? [];
    if (messages.length === 0) {
      empty += 1;
      await sleep(100);
      continue;
    }
    empty = 0;
    payloads.push(...messages.map((m) => JSON.parse(m.Body ?? 'null') as unknown));
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
  }
  return payloads;
}

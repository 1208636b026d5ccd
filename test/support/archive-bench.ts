// A moto server with a Redline bucket, table and queue (`redline init --with-queue`), and the steps
// the restored-archive tests take: uploads (some in an archive storage class), S3 restores, the
// CLI's worker and backfill, and the story's records read straight from DynamoDB.
import { expect } from 'vitest';
import { PutObjectCommand, RestoreObjectCommand } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { AwsClients } from '../../lambdas/adapters/clients.ts';
import type { VersionRecord } from '../../lambdas/core/ledger.ts';
import { startMoto, type MotoServer } from './moto.ts';
import { redlineCli } from './redline-cli.ts';
import { drainQueue, versionsViaDynamoDb } from './harness.ts';

export interface BackfillTotals {
  readonly recorded: number;
  readonly unarchived: number;
  readonly duplicates: number;
  readonly stillArchived: number;
  readonly stillArchivedVersions: { storyId: string; version: number; detail: string }[];
}

export interface ArchiveBench {
  readonly moto: MotoServer;
  readonly clients: AwsClients;
  readonly bucket: string;
  readonly table: string;
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
  /** Uploads a revision (in an archive storage class if given) and returns its S3 version id. */
  put(key: string, body: string, storageClass?: 'GLACIER' | 'DEEP_ARCHIVE'): Promise<string>;
  /** S3 RestoreObject of one version (moto restores the key's current version whatever the id). */
  restore(key: string, versionId: string): Promise<unknown>;
  history(storyId: string): Promise<VersionRecord[]>;
  /** Runs a CLI command against the bucket and table; it must exit 0. */
  cli(args: string[]): Promise<string>;
  /** `redline worker --drain`: every message processed, none failed. */
  workerDrains(): Promise<void>;
  /** `redline backfill` of one story's key (the other tests' stories are left alone). */
  backfill(key: string): Promise<BackfillTotals>;
  queueDepth(url: string): Promise<number>;
  stop(): void;
}

/** Version, status and rejection code (or the version an `unarchived` one restores) of each record. */
export const rows = (records: VersionRecord[]) => records.map((r) => [r.version, r.status, r.rejection?.code ?? r.restores]);

export async function openArchiveBench(bucket: string): Promise<ArchiveBench> {
  const moto = await startMoto();
  const { clients, endpoint } = moto;
  const table = `${bucket}-ledger`;
  const target = ['--endpoint-url', endpoint, '--bucket', bucket, '--table', table];
  const init = await redlineCli(['init', '--with-queue', '--json', ...target]);
  expect(init.code, init.stderr).toBe(0);
  const queueUrl = (JSON.parse(init.stdout) as { queue: { url: string } }).queue.url;
  await drainQueue(clients.sqs, queueUrl); // moto's s3:TestEvent
  const cli = async (args: string[]) => {
    const run = await redlineCli([...args, ...target]);
    expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
    return run.stdout;
  };
  return {
    moto,
    clients,
    bucket,
    table,
    queueUrl,
    deadLetterQueueUrl: `${queueUrl}-dlq`,
    put: async (key, body, storageClass) =>
      (await clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.from(body), Metadata: { editor: 'Ana Ruiz' }, ...(storageClass ? { StorageClass: storageClass } : {}) })))
        .VersionId!,
    restore: (key, versionId) => clients.s3.send(new RestoreObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId, RestoreRequest: { Days: 1 } })),
    history: (storyId) => versionsViaDynamoDb(clients.dynamodb, table, storyId),
    cli,
    workerDrains: async () => {
      expect(await cli(['worker', '--queue-url', queueUrl, '--drain'])).toMatch(/, 0 failed/);
    },
    backfill: async (key) => JSON.parse(await cli(['backfill', '--prefix', key, '--json'])) as BackfillTotals,
    queueDepth: async (url) => {
      const attributes = await clients.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
      );
      return Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(attributes.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
    },
    stop: () => moto.stop(),
  };
}

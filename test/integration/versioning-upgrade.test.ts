// A bucket that kept no versions when Redline started recording, and has versioning turned on
// later: the versions S3 kept from before are not recorded twice (moto server, real SDK clients).
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutBucketVersioningCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { AwsClients } from '../../lambdas/adapters/clients.ts';
import { ensureBucket, ensureTable } from '../../lambdas/adapters/provision.ts';
import { ingestDeps } from '../../lambdas/app/wiring.ts';
import { ingestNotification } from '../../lambdas/app/process-event.ts';
import { ingestConfigFromEnv } from '../../lambdas/config.ts';
import { versionsViaDynamoDb } from '../support/harness.ts';
import { startMoto, type MotoServer } from '../support/moto.ts';

const quiet = { info() {}, warn() {}, error() {} };

describe.skipIf(process.env.REDLINE_SKIP_MOTO === '1')('Versioning turned on after recording began (moto server)', () => {
  let moto: MotoServer;
  let clients: AwsClients;

  beforeAll(async () => {
    moto = await startMoto();
    clients = moto.clients;
  });
  afterAll(() => moto?.stop());

  it('records the revision before and the revision after the switch once each', async () => {
    // Prepare: an unversioned bucket with one recorded revision
    await ensureBucket(clients.s3, 'legacy', { versioning: false });
    await ensureBucket(clients.s3, 'legacy-archive', { versioning: false });
    await ensureTable(clients.dynamodb, 'legacy-ledger');
    const deps = ingestDeps(clients, { tableName: 'legacy-ledger', archiveBucket: 'legacy-archive' }, ingestConfigFromEnv());
    const event = (eTag: string, versionId?: string, sequencer?: string) => ({
      Records: [{ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', eventTime: new Date().toISOString(), s3: { bucket: { name: 'legacy' }, object: { key: 'stories/old.txt', eTag, ...(versionId ? { versionId } : {}), ...(sequencer ? { sequencer } : {}) } } }],
    });
    const first = await clients.s3.send(new PutObjectCommand({ Bucket: 'legacy', Key: 'stories/old.txt', Body: Buffer.from('Old story\n\nFirst text.') }));
    await ingestNotification(event(first.ETag!.replace(/"/g, ''), undefined, '0A'), deps, quiet);
    await sleep(1100);
    // Act: versioning on (a fresh reader, as after a redeploy), a new revision, its event replayed too
    await clients.s3.send(new PutBucketVersioningCommand({ Bucket: 'legacy', VersioningConfiguration: { Status: 'Enabled' } }));
    const afterSwitch = ingestDeps(clients, { tableName: 'legacy-ledger', archiveBucket: 'legacy-archive' }, ingestConfigFromEnv());
    const second = await clients.s3.send(new PutObjectCommand({ Bucket: 'legacy', Key: 'stories/old.txt', Body: Buffer.from('Old story\n\nSecond text.') }));
    await ingestNotification(event(second.ETag!.replace(/"/g, ''), second.VersionId, '0B'), afterSwitch, quiet);
    await ingestNotification(event(second.ETag!.replace(/"/g, ''), second.VersionId, '0B'), afterSwitch, quiet);
    // Assess
    const records = await versionsViaDynamoDb(clients.dynamodb, 'legacy-ledger', 'old');
    expect(records.map((r) => [r.version, r.status, r.source.versionId])).toEqual([
      [1, 'recorded', undefined],
      [2, 'recorded', second.VersionId],
    ]);
  });
});

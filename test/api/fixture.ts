// An embedded Redline with the demo story recorded, and the auditor API over it (no mocks).
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedRedline } from '../../lambdas/local/embedded.ts';
import { uploadDemoStory } from '../../lambdas/cli/local-commands.ts';
import { queryDeps } from '../../lambdas/app/query-wiring.ts';
import type { QueryDeps } from '../../lambdas/app/queries.ts';

export interface AuditorFixture {
  readonly embedded: EmbeddedRedline;
  readonly deps: QueryDeps;
  readonly storyId: string;
  stop(): Promise<void>;
}

export async function startAuditorFixture(): Promise<AuditorFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), 'redline-auditor-'));
  const embedded = await EmbeddedRedline.start({ dataDir });
  const storyId = await uploadDemoStory(embedded);
  const deps = queryDeps(embedded.clients, { tableName: embedded.names.tableName, archiveBucket: embedded.names.archiveBucket });
  return {
    embedded,
    deps,
    storyId,
    stop: async () => {
      await embedded.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The deployed API's answer bucket (answers over a function URL's 6 MB), made on the embedded S3. */
export const ANSWER_BUCKET = 'redline-answers';

/**
 * The Lambda API handler, set up for this fixture's table, archive and answer bucket through the
 * environment it reads once, at module load.
 */
export async function apiHandlerFor(fixture: AuditorFixture) {
  const { endpoints, names, clients } = fixture.embedded;
  await clients.s3.send(new CreateBucketCommand({ Bucket: ANSWER_BUCKET })).catch((error: Error) => {
    if (error.name !== 'BucketAlreadyOwnedByYou' && error.name !== 'BucketAlreadyExists') throw error;
  });
  Object.assign(process.env, {
    REDLINE_TABLE: names.tableName,
    REDLINE_ARCHIVE_BUCKET: names.archiveBucket,
    REDLINE_ANSWER_BUCKET: ANSWER_BUCKET,
    REDLINE_S3_ENDPOINT: endpoints.s3,
    REDLINE_DYNAMODB_ENDPOINT: endpoints.dynamodb,
    AWS_ACCESS_KEY_ID: 'redline',
    AWS_SECRET_ACCESS_KEY: 'redline',
    AWS_REGION: 'us-east-1',
    POWERTOOLS_DEV: 'true',
    // POWERTOOLS_DEV turns metrics off unless told otherwise; the handler's metrics are tested.
    POWERTOOLS_METRICS_DISABLED: 'false',
  });
  return (await import('../../lambdas/handlers/api.ts')).handler;
}

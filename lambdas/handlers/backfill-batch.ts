// Lambda entry: one child of the backfill state machine's Distributed Map. The event is an
// ItemBatcher batch of S3 Inventory rows; each story key in it is recorded with the ingest use case.
// A key that fails makes the batch fail, so Step Functions retries it and reports it if it keeps failing.
import { createDynamoDbClients, createS3Client } from '../adapters/clients.ts';
import { BackfillBatchFailedError, backfillInventoryBatch } from '../app/backfill.ts';
import { ingestDeps } from '../app/wiring.ts';
import { ingestConfigFromEnv, requiredEnv } from '../config.ts';
import { inventoryBatchRows } from '../core/inventory.ts';
import { JsonLogger, type InvocationContext } from './json-logger.ts';

const logger = new JsonLogger(process.env.POWERTOOLS_SERVICE_NAME ?? 'redline-backfill');
const target = { region: process.env.AWS_REGION ?? 'us-east-1', s3Endpoint: process.env.REDLINE_S3_ENDPOINT, dynamodbEndpoint: process.env.REDLINE_DYNAMODB_ENDPOINT };
const s3 = createS3Client(target);
const { documents } = createDynamoDbClients(target);
const uploadBucket = requiredEnv('REDLINE_UPLOAD_BUCKET');
const deps = ingestDeps({ s3, documents }, { tableName: requiredEnv('REDLINE_TABLE'), archiveBucket: requiredEnv('REDLINE_ARCHIVE_BUCKET') }, ingestConfigFromEnv());

export const handler = async (event: unknown, context?: InvocationContext) => {
  if (context) logger.addContext(context);
  const result = await backfillInventoryBatch(inventoryBatchRows(event), deps, { bucket: uploadBucket });
  const summary = { rows: result.rows, keys: result.keys, recorded: result.recorded, duplicates: result.duplicates, rejected: result.rejected, ignored: result.ignored, problems: result.problems.length, failed: result.failed.length };
  if (result.failed.length > 0) {
    logger.error('backfill batch failed', { ...summary, failedKeys: result.failed });
    throw new BackfillBatchFailedError(result);
  }
  logger.info('backfill batch recorded', summary);
  return result;
};

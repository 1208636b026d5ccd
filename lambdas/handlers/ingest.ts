// Lambda entry: S3 → SQS → this function. Configuration comes from the environment the stack sets.
// Every log line of a revision carries the request id, story id, S3 key and versionId (and the
// version once recorded); each invocation publishes its counts and timings as EMF metrics.
// Powertools Logger, Metrics and the batch processor (partial batch responses).
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { createDynamoDbClients, createS3Client } from '../adapters/clients.ts';
import type { IngestOutcome, RecordedVersion } from '../app/ingest.ts';
import { errorDetail, ingestNotification, isSqsBatch, type EventLog } from '../app/process-event.ts';
import { ingestDeps } from '../app/wiring.ts';
import { ingestConfigFromEnv, requiredEnv } from '../config.ts';
import { INGEST_METRICS } from './emf-metrics.ts';

const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? INGEST_METRICS.service });
const metrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? INGEST_METRICS.namespace, serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? INGEST_METRICS.service });
const names = INGEST_METRICS.names;
const config = ingestConfigFromEnv();

// Only the two clients ingest uses. A REDLINE_*_ENDPOINT points them at a stand-in, as for the CLI.
const target = { region: process.env.AWS_REGION ?? 'us-east-1', s3Endpoint: process.env.REDLINE_S3_ENDPOINT, dynamodbEndpoint: process.env.REDLINE_DYNAMODB_ENDPOINT };
const s3 = createS3Client(target);
const { documents } = createDynamoDbClients(target);
/**
 * A monotonic clock in milliseconds. process.hrtime rather than the `performance` global: the
 * global loads perf_hooks on first use (~2 ms of module init; nothing else in the bundle needs it).
 */
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
/** When the current change (or the last version recorded for it) began, in nowMs() milliseconds. */
let revisionStartedAt = nowMs();

/** Each version in the ledger: its processing time, patch size and stealth flag as metrics. */
function recorded({ record, patchBytes }: RecordedVersion): void {
  const now = nowMs();
  metrics.addMetric(names.processingMs, MetricUnit.Milliseconds, Math.round(now - revisionStartedAt));
  revisionStartedAt = now;
  if (patchBytes !== undefined) metrics.addMetric(names.diffBytes, MetricUnit.Bytes, patchBytes);
  if (record.change?.stealth) metrics.addMetric(names.stealth, MetricUnit.Count, 1);
  logger.appendKeys({ storyId: record.storyId, version: record.version });
}

const deps = { ...ingestDeps({ s3, documents }, { tableName: requiredEnv('REDLINE_TABLE'), archiveBucket: requiredEnv('REDLINE_ARCHIVE_BUCKET') }, config), onRecorded: recorded };

/** Outcomes as counts: one per recorded (and rejected), duplicate or ignored change. */
function count(outcomes: readonly IngestOutcome[]): void {
  for (const outcome of outcomes) {
    if (outcome.outcome === 'recorded') {
      metrics.addMetric(names.recorded, MetricUnit.Count, 1);
      if (outcome.status === 'rejected') metrics.addMetric(names.rejected, MetricUnit.Count, 1);
    } else if (outcome.outcome === 'duplicate') metrics.addMetric(names.duplicate, MetricUnit.Count, 1);
    else metrics.addMetric(names.ignored, MetricUnit.Count, 1);
  }
}

const log: EventLog = {
  info: (message, attributes) => logger.info(message, attributes ?? {}),
  warn: (message, attributes) => logger.warn(message, attributes ?? {}),
  error: (message, attributes) => logger.error(message, attributes ?? {}),
  focus: (keys) => {
    logger.resetKeys();
    logger.appendKeys(keys);
    revisionStartedAt = nowMs();
  },
};

async function ingest(notification: unknown): Promise<IngestOutcome[]> {
  const outcomes = await ingestNotification(notification, deps, log);
  count(outcomes);
  return outcomes;
}

/** The fields of an SQS record and of the Lambda context this handler reads. */
interface SqsMessage {
  readonly messageId: string;
  readonly body: string;
}
type Context = Parameters<Logger['addContext']>[0];

// One message at a time, in the batch's order (the ledger orders a key's versions itself).
const processor = new BatchProcessor(EventType.SQS);

async function sqsMessage(message: SqsMessage): Promise<void> {
  logger.resetKeys();
  try {
    await ingest(JSON.parse(message.body));
  } catch (error) {
    log.error('message failed; SQS will retry it', { messageId: message.messageId, error: errorDetail(error) });
    throw error;
  }
}

/** SQS batches answer with their failed messages only (partial batch response); other events throw on failure. */
export const handler = async (event: unknown, context?: Context) => {
  if (context) logger.addContext(context);
  try {
    if (!isSqsBatch(event)) return await ingest(event);
    return await processPartialResponse(event as Parameters<typeof processPartialResponse>[0], sqsMessage as Parameters<typeof processPartialResponse>[1], processor, {
      ...(context ? { context: context as NonNullable<Parameters<typeof processPartialResponse>[3]>['context'] } : {}),
      processInParallel: false,
      // A batch whose every message failed is answered like any other: each is retried, then dead-lettered.
      throwOnFullBatchFailure: false,
    });
  } finally {
    logger.resetKeys();
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  }
};

// Lambda entry: S3 → SQS → this function. Configuration comes from the environment the stack sets.
// Every log line of a revision carries the request id, story id, S3 key and versionId (and the
// version once recorded); each invocation publishes its counts and timings as EMF metrics.
import { createDynamoDbClients, createS3Client } from '../adapters/clients.ts';
import { processIngestEvent, type EventLog } from '../app/process-event.ts';
import { ingestDeps } from '../app/wiring.ts';
import { ingestConfigFromEnv, requiredEnv } from '../config.ts';
import type { VersionRecord } from '../core/ledger.ts';
import type { Archive, Ledger } from '../ports.ts';
import { EmfMetrics, INGEST_METRICS } from './emf-metrics.ts';
import { JsonLogger, type InvocationContext } from './json-logger.ts';

const logger = new JsonLogger(process.env.POWERTOOLS_SERVICE_NAME ?? INGEST_METRICS.service);
const metrics = new EmfMetrics(process.env.POWERTOOLS_METRICS_NAMESPACE ?? INGEST_METRICS.namespace, process.env.POWERTOOLS_SERVICE_NAME ?? INGEST_METRICS.service);
const names = INGEST_METRICS.names;
const config = ingestConfigFromEnv();

// Only the two clients ingest uses (an SQS client would add ~25 KB to the bundle).
// A REDLINE_*_ENDPOINT points them at a stand-in, as for the CLI.
const target = { region: process.env.AWS_REGION ?? 'us-east-1', s3Endpoint: process.env.REDLINE_S3_ENDPOINT, dynamodbEndpoint: process.env.REDLINE_DYNAMODB_ENDPOINT };
const s3 = createS3Client(target);
const { documents } = createDynamoDbClients(target);
const deps = observed(ingestDeps({ s3, documents }, { tableName: requiredEnv('REDLINE_TABLE'), archiveBucket: requiredEnv('REDLINE_ARCHIVE_BUCKET') }, config));

/** Milliseconds since the current change (or the last revision recorded for it) began. */
let revisionStartedAt = performance.now();

const log: EventLog = {
  info: (message, attributes) => {
    logger.info(message, attributes);
    count(attributes);
  },
  warn: (message, attributes) => logger.warn(message, attributes),
  error: (message, attributes) => logger.error(message, attributes),
  focus: (keys) => {
    logger.resetKeys();
    logger.appendKeys(keys);
    revisionStartedAt = performance.now();
  },
};

/** Counts outcomes from the outcome lines process-event logs (one per recorded, duplicate or ignored change). */
function count(attributes: Record<string, unknown> | undefined): void {
  switch (attributes?.outcome) {
    case 'recorded':
      metrics.add(names.recorded, 'Count', 1);
      if (attributes.status === 'rejected') metrics.add(names.rejected, 'Count', 1);
      break;
    case 'duplicate':
      metrics.add(names.duplicate, 'Count', 1);
      break;
    case 'ignored':
      metrics.add(names.ignored, 'Count', 1);
      break;
  }
}

/** Watches the ledger's commit point (and overflowed patches) for per-revision metrics. */
function observed(base: ReturnType<typeof ingestDeps>): ReturnType<typeof ingestDeps> {
  const archivedBytes = new Map<string, number>();
  const archive = new Proxy(base.archive, {
    get(target, property, receiver) {
      if (property !== 'putBlob') return Reflect.get(target, property, receiver) as unknown;
      return async (key: string, body: string) => {
        await target.putBlob(key, body);
        archivedBytes.set(key, Buffer.byteLength(body));
      };
    },
  }) satisfies Archive;
  const ledger = new Proxy(base.ledger, {
    get(target, property, receiver) {
      if (property !== 'append') return Reflect.get(target, property, receiver) as unknown;
      return async (record: VersionRecord) => {
        await target.append(record);
        const now = performance.now();
        metrics.add(names.processingMs, 'Milliseconds', Math.round(now - revisionStartedAt));
        revisionStartedAt = now;
        const diffBytes = record.patch ? Buffer.byteLength(JSON.stringify(record.patch)) : record.patchRef ? archivedBytes.get(record.patchRef.key) : undefined;
        if (diffBytes !== undefined) metrics.add(names.diffBytes, 'Bytes', diffBytes);
        if (record.change?.stealth) metrics.add(names.stealth, 'Count', 1);
        logger.appendKeys({ storyId: record.storyId, version: record.version });
      };
    },
  }) satisfies Ledger;
  return { ...base, archive, ledger };
}

export const handler = async (event: unknown, context?: InvocationContext) => {
  if (context) logger.addContext(context);
  try {
    return await processIngestEvent(event, deps, log);
  } finally {
    logger.resetKeys();
    metrics.flush();
  }
};

// Lambda entry of the log integrator (reserved concurrency 1, run on a schedule): appends pending
// version records to the transparency log, signs a checkpoint with the KMS key, keeps it in the
// write-once checkpoint bucket, and reports the integration lag as a metric.
// Powertools Logger and Metrics (EMF), as the ingest and API functions.
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { createDynamoDbClients, createS3Client } from '../adapters/clients.ts';
import { KmsNoteSigner } from '../adapters/kms-signer.ts';
import { S3CheckpointPublisher } from '../adapters/s3-checkpoints.ts';
import { integratorDeps } from '../app/log-wiring.ts';
import { errorDetail } from '../app/process-event.ts';
import { integrateLogPatiently } from '../app/transparency-log.ts';
import { requiredEnv } from '../config.ts';
import { LOG_METRICS } from './emf-metrics.ts';

const region = process.env.AWS_REGION ?? 'us-east-1';
const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? LOG_METRICS.service });
const metrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? LOG_METRICS.namespace, serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? LOG_METRICS.service });
const { documents } = createDynamoDbClients({ region });
const deps = integratorDeps(
  documents,
  requiredEnv('REDLINE_TABLE'),
  KmsNoteSigner.create({ keyId: requiredEnv('REDLINE_LOG_KMS_KEY_ID'), name: requiredEnv('REDLINE_LOG_ORIGIN'), region }),
  new S3CheckpointPublisher(createS3Client({ region }), requiredEnv('REDLINE_CHECKPOINT_BUCKET')),
);

type Context = Parameters<Logger['addContext']>[0];

export async function handler(_event?: unknown, context?: Context): Promise<{ integrated: number; size: number }> {
  if (context) logger.addContext(context);
  try {
    const result = await integrateLogPatiently(deps, { waitMs: 30_000 });
    const lagSeconds = result.oldestRecordedAt ? Math.max(0, (Date.now() - Date.parse(result.oldestRecordedAt)) / 1000) : 0;
    metrics.addMetric(LOG_METRICS.names.integrated, MetricUnit.Count, result.integrated);
    metrics.addMetric(LOG_METRICS.names.lag, MetricUnit.Seconds, lagSeconds);
    metrics.addMetric(LOG_METRICS.names.size, MetricUnit.Count, result.state.size);
    logger.info('log integrated', { integrated: result.integrated, size: result.state.size, signed: result.signed, lagSeconds });
    return { integrated: result.integrated, size: result.state.size };
  } catch (error) {
    logger.error('log integration failed', { error: errorDetail(error) });
    throw error;
  } finally {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  }
}

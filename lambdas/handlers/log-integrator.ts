// Lambda entry of the log integrator (reserved concurrency 1, run on a schedule): appends pending
// version records to the transparency log, signs a checkpoint with the KMS key, keeps it in the
// write-once checkpoint bucket, and reports the integration lag as an EMF metric.
import { createDynamoDbClients, createS3Client } from '../adapters/clients.ts';
import { KmsNoteSigner } from '../adapters/kms-signer.ts';
import { S3CheckpointPublisher } from '../adapters/s3-checkpoints.ts';
import { integratorDeps } from '../app/log-wiring.ts';
import { integrateLogPatiently } from '../app/transparency-log.ts';
import { requiredEnv } from '../config.ts';
import { EmfMetrics, LOG_METRICS } from './emf-metrics.ts';
import { JsonLogger } from './json-logger.ts';

const region = process.env.AWS_REGION ?? 'us-east-1';
const logger = new JsonLogger(LOG_METRICS.service);
const metrics = new EmfMetrics(LOG_METRICS.namespace, LOG_METRICS.service);
const { documents } = createDynamoDbClients({ region });
const deps = integratorDeps(
  documents,
  requiredEnv('REDLINE_TABLE'),
  KmsNoteSigner.create({ keyId: requiredEnv('REDLINE_LOG_KMS_KEY_ID'), name: requiredEnv('REDLINE_LOG_ORIGIN'), region }),
  new S3CheckpointPublisher(createS3Client({ region }), requiredEnv('REDLINE_CHECKPOINT_BUCKET')),
);

export async function handler(): Promise<{ integrated: number; size: number }> {
  const result = await integrateLogPatiently(deps, { waitMs: 30_000 });
  const lagSeconds = result.oldestRecordedAt ? Math.max(0, (Date.now() - Date.parse(result.oldestRecordedAt)) / 1000) : 0;
  metrics.add(LOG_METRICS.names.integrated, 'Count', result.integrated);
  metrics.add(LOG_METRICS.names.lag, 'Seconds', lagSeconds);
  metrics.add(LOG_METRICS.names.size, 'Count', result.state.size);
  metrics.flush();
  logger.info('log integrated', { integrated: result.integrated, size: result.state.size, signed: result.signed, lagSeconds });
  return { integrated: result.integrated, size: result.state.size };
}

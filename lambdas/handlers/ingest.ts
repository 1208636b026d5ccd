// Lambda entry: S3 → SQS → this function. Configuration comes from the environment the stack sets.
import { Logger } from '@aws-lambda-powertools/logger';
import { createClients } from '../adapters/clients.ts';
import { processIngestEvent } from '../app/process-event.ts';
import { ingestDeps } from '../app/wiring.ts';
import { ingestConfigFromEnv, requiredEnv } from '../config.ts';

const logger = new Logger({ serviceName: 'redline-ingest' });
const deps = ingestDeps(
  createClients({
    region: process.env.AWS_REGION ?? 'us-east-1',
    s3Endpoint: process.env.REDLINE_S3_ENDPOINT,
    dynamodbEndpoint: process.env.REDLINE_DYNAMODB_ENDPOINT,
  }),
  { tableName: requiredEnv('REDLINE_TABLE'), archiveBucket: requiredEnv('REDLINE_ARCHIVE_BUCKET') },
  ingestConfigFromEnv(),
);

const log = {
  info: (message: string, attributes?: Record<string, unknown>) => logger.info(message, attributes ?? {}),
  warn: (message: string, attributes?: Record<string, unknown>) => logger.warn(message, attributes ?? {}),
  error: (message: string, attributes?: Record<string, unknown>) => logger.error(message, attributes ?? {}),
};

export const handler = async (event: unknown) => processIngestEvent(event, deps, log);

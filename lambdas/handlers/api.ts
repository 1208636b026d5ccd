// Lambda entry for the read-only auditor API (function URL / API Gateway HTTP API, payload v2).
// Placeholder while the router lands: the environment contract below is final.
import { requiredEnv } from '../config.ts';

const resources = {
  tableName: requiredEnv('REDLINE_TABLE'),
  archiveBucket: requiredEnv('REDLINE_ARCHIVE_BUCKET'),
  s3Endpoint: process.env.REDLINE_S3_ENDPOINT,
  dynamodbEndpoint: process.env.REDLINE_DYNAMODB_ENDPOINT,
};

export const handler = async (_event: unknown) => ({
  statusCode: 503,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ error: { code: 'not-ready', message: `the auditor API for table ${resources.tableName} is being built` } }),
});

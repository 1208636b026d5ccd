// Lambda entry for the read-only auditor API (function URL or API Gateway HTTP API, payload v2).
// Also serves the web viewer when its files are deployed beside the bundle (REDLINE_VIEWER_DIR).
// Powertools Logger and Metrics: each invocation publishes its answer's class and latency as EMF.
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { createDynamoDbClients, createS3Client } from '../adapters/clients.ts';
import { S3LargeAnswers } from '../adapters/s3-large-answers.ts';
import { createApiRouter } from '../app/http-api.ts';
import { queryDeps } from '../app/query-wiring.ts';
import { fitAnswer } from '../app/large-answers.ts';
import { requiredEnv } from '../config.ts';
import { loadViewerAssets } from '../viewer/assets.ts';
import { API_METRICS } from './emf-metrics.ts';

const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? API_METRICS.service });
const metrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? API_METRICS.namespace, serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? API_METRICS.service });
const names = API_METRICS.names;
const target = { region: process.env.AWS_REGION ?? 'us-east-1', s3Endpoint: process.env.REDLINE_S3_ENDPOINT, dynamodbEndpoint: process.env.REDLINE_DYNAMODB_ENDPOINT };
const s3 = createS3Client(target);
const largeAnswers = new S3LargeAnswers(s3, requiredEnv('REDLINE_ANSWER_BUCKET'));
const route = createApiRouter(
  queryDeps(
    { s3, ...createDynamoDbClients(target) },
    { tableName: requiredEnv('REDLINE_TABLE'), archiveBucket: requiredEnv('REDLINE_ARCHIVE_BUCKET') },
  ),
  {
    viewer: loadViewerAssets(process.env.REDLINE_VIEWER_DIR),
    // A custom domain in front of the function URL; feed links and openapi.json name it.
    ...(process.env.REDLINE_PUBLIC_URL ? { publicUrl: process.env.REDLINE_PUBLIC_URL } : {}),
    onError: (error, request) => logger.error('request failed', { error: error as Error, method: request.method, path: request.path }),
  },
);

/** The payload v2 fields this handler reads (function URLs and HTTP APIs send the same shape). */
export interface HttpEventV2 {
  readonly rawPath: string;
  readonly rawQueryString?: string;
  readonly headers?: Record<string, string | undefined>;
  /** domainName is the function URL's own (set by Lambda, not by the client's Host header). */
  readonly requestContext: { readonly http: { readonly method: string }; readonly domainName?: string };
}

/** An answer as metrics: one request, counted as a client or server error by its status, and its latency. */
function measure(status: number, startedAt: number): void {
  metrics.addMetric(names.requests, MetricUnit.Count, 1);
  if (status >= 500) metrics.addMetric(names.serverErrors, MetricUnit.Count, 1);
  else if (status >= 400) metrics.addMetric(names.clientErrors, MetricUnit.Count, 1);
  metrics.addMetric(names.latency, MetricUnit.Milliseconds, Math.round(performance.now() - startedAt));
  metrics.publishStoredMetrics();
}

export const handler = async (event: HttpEventV2) => {
  const startedAt = performance.now();
  // rawQueryString keeps repeated parameters; join them with commas as payload v2 does.
  const query: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(event.rawQueryString ?? '')) query[name] = name in query ? `${query[name]},${value}` : value;
  const { domainName } = event.requestContext;
  const response = await route({
    method: event.requestContext.http.method,
    path: event.rawPath,
    query,
    headers: event.headers ?? {},
    ...(domainName ? { origin: `https://${domainName}` } : {}),
  });
  // A function URL returns at most 6 MB: a bigger answer is stored once and redirected to (large-answers.ts).
  const fitted = await fitAnswer(response, largeAnswers);
  measure(fitted.status, startedAt);
  return { statusCode: fitted.status, headers: fitted.headers, body: fitted.body, isBase64Encoded: false };
};

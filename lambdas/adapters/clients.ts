// Builds SDK v3 clients for a target: real AWS (default credential chain) or any S3/DynamoDB/SQS-
// compatible endpoint (the embedded stand-ins, moto, DynamoDB Local).
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';

export interface ServiceEndpoints {
  readonly region: string;
  readonly s3Endpoint?: string;
  readonly dynamodbEndpoint?: string;
  readonly sqsEndpoint?: string;
  /** How the DynamoDB clients send requests (the embedded stand-in's in-process channel); the SDK's HTTP handler otherwise. */
  readonly dynamodbRequestHandler?: DynamoDBClientConfig['requestHandler'];
  /** Fixed credentials (the embedded stand-ins); otherwise the SDK's default chain. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

export interface AwsClients {
  readonly s3: S3Client;
  readonly dynamodb: DynamoDBClient;
  readonly documents: DynamoDBDocumentClient;
  readonly sqs: SQSClient;
}

/** Local endpoints accept any credentials; use fixed ones when the environment has none. */
function credentialsFor(endpoint: string | undefined, fixed?: ServiceEndpoints['credentials']) {
  if (fixed) return { credentials: fixed };
  if (!endpoint || process.env.AWS_ACCESS_KEY_ID || process.env.AWS_PROFILE) return {};
  return { credentials: { accessKeyId: 'redline', secretAccessKey: 'redline' } };
}

/** The S3 client; a custom endpoint (a stand-in) gets path-style addressing and on-demand checksums. */
export function createS3Client(target: ServiceEndpoints): S3Client {
  return new S3Client({
    region: target.region,
    ...(target.s3Endpoint
      ? {
          endpoint: target.s3Endpoint,
          forcePathStyle: true,
          // Stand-ins store the aws-chunked framing as the body when checksums are streamed.
          requestChecksumCalculation: 'WHEN_REQUIRED',
          responseChecksumValidation: 'WHEN_REQUIRED',
        }
      : {}),
    ...credentialsFor(target.s3Endpoint, target.credentials),
  });
}

/** The DynamoDB client and the document client over it (undefined attributes are dropped). */
export function createDynamoDbClients(target: ServiceEndpoints): Pick<AwsClients, 'dynamodb' | 'documents'> {
  const dynamodb = new DynamoDBClient({
    region: target.region,
    ...(target.dynamodbEndpoint ? { endpoint: target.dynamodbEndpoint } : {}),
    ...(target.dynamodbRequestHandler ? { requestHandler: target.dynamodbRequestHandler } : {}),
    ...credentialsFor(target.dynamodbEndpoint, target.credentials),
  });
  return { dynamodb, documents: DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } }) };
}

export function createSqsClient(target: ServiceEndpoints): SQSClient {
  return new SQSClient({
    region: target.region,
    ...(target.sqsEndpoint ? { endpoint: target.sqsEndpoint } : {}),
    ...credentialsFor(target.sqsEndpoint, target.credentials),
  });
}

/** Every client a CLI command or the embedded store may need. Functions build only what they use. */
export function createClients(target: ServiceEndpoints): AwsClients {
  return { s3: createS3Client(target), ...createDynamoDbClients(target), sqs: createSqsClient(target) };
}

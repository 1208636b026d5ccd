// Builds SDK v3 clients for a target: real AWS (default credential chain) or any S3/DynamoDB/SQS-
// compatible endpoint (the embedded stand-ins, moto, DynamoDB Local).
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';

export interface ServiceEndpoints {
  readonly region: string;
  readonly s3Endpoint?: string;
  readonly dynamodbEndpoint?: string;
  readonly sqsEndpoint?: string;
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

export function createClients(target: ServiceEndpoints): AwsClients {
  const s3 = new S3Client({
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
  const dynamodb = new DynamoDBClient({
    region: target.region,
    ...(target.dynamodbEndpoint ? { endpoint: target.dynamodbEndpoint } : {}),
    ...credentialsFor(target.dynamodbEndpoint, target.credentials),
  });
  const documents = DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
  const sqs = new SQSClient({
    region: target.region,
    ...(target.sqsEndpoint ? { endpoint: target.sqsEndpoint } : {}),
    ...credentialsFor(target.sqsEndpoint, target.credentials),
  });
  return { s3, dynamodb, documents, sqs };
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { App, Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { createRedlineStacks, type RedlineAppProps } from '../../lib/redline-app.ts';

const cdkContext = (JSON.parse(readFileSync(join(import.meta.dirname, '../../cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;

function synth(props: RedlineAppProps = {}) {
  // Same feature flags as `cdk synth`; skip esbuild bundling in unit-speed tests.
  const app = new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': [] } });
  const stacks = createRedlineStacks(app, props);
  return { storage: Template.fromStack(stacks.storage), processing: Template.fromStack(stacks.processing) };
}

describe('Stack: RedlineStorage', () => {
  const { storage } = synth();

  it('keeps uploads and the archive in versioned, encrypted, private, TLS-only, retained buckets', () => {
    const buckets = storage.findResources('AWS::S3::Bucket');
    for (const logicalId of ['UploadBucketD2C1DA78', 'ArchiveBucket9DECBF5D']) {
      const bucket = buckets[logicalId];
      expect(bucket, `stable logical id ${logicalId}`).toBeDefined();
      expect(bucket?.DeletionPolicy).toBe('Retain');
      expect(bucket?.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(bucket?.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      expect(bucket?.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
      expect(bucket?.Properties.BucketName).toBeUndefined();
    }
    storage.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: 'UploadBucketD2C1DA78' },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('keeps the ledger in an on-demand table with PITR, deletion protection, RETAIN and both indexes', () => {
    const tables = storage.findResources('AWS::DynamoDB::GlobalTable');
    const table = tables['LedgerTable38A58B60'];
    expect(table?.DeletionPolicy).toBe('Retain');
    expect(table?.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }, { AttributeName: 'SK', KeyType: 'RANGE' }],
    });
    expect(table?.Properties.TableName).toBeUndefined();
    expect(table?.Properties.Replicas[0]).toMatchObject({ DeletionProtectionEnabled: true, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } });
    expect(table?.Properties.GlobalSecondaryIndexes.map((i: { IndexName: string }) => i.IndexName)).toEqual(['GSI1', 'GSI2']);
  });

  it('sends story creations and removals (only under the prefix) to an encrypted queue with a dead-letter queue', () => {
    storage.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        QueueConfigurations: [
          Match.objectLike({ Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'stories/' }] } } }),
          Match.objectLike({ Events: ['s3:ObjectRemoved:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'stories/' }] } } }),
        ],
      },
    });
    storage.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 360,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
    });
  });

  it('rejects a story prefix that is not a folder', () => {
    expect(() => synth({ storage: { storyPrefix: 'stories' } })).toThrow('storyPrefix must be empty or end with "/", got "stories"');
  });
});

describe('Stack: RedlineProcessing', () => {
  const { processing } = synth();

  it('runs the ingest function on Node.js 24, ARM64, fed by the queue with partial batch failures', () => {
    processing.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: 60,
      Environment: { Variables: Match.objectLike({ REDLINE_TABLE: Match.anyValue(), REDLINE_ARCHIVE_BUCKET: Match.anyValue(), REDLINE_STORY_PREFIX: 'stories/' }) },
    });
    processing.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'] });
  });

  it('grants only the data actions ingest uses, never on a "*" resource, and nothing that deletes', () => {
    const policies = processing.findResources('AWS::IAM::Policy');
    const statements = Object.values(policies).flatMap((policy) => policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(actions).toEqual(expect.arrayContaining(['s3:GetObject', 's3:GetObjectVersion', 's3:ListBucketVersions', 'dynamodb:PutItem', 'dynamodb:Query']));
    expect(actions.filter((a) => /Delete|\*$/.test(a) && !a.startsWith('sqs:'))).toEqual([]);
    for (const statement of statements) {
      const actionList = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
      if (actionList.some((a) => a.startsWith('s3:') || a.startsWith('dynamodb:'))) expect(statement.Resource).not.toBe('*');
    }
  });

  it('rejects an ingest timeout the queue visibility cannot cover six times', () => {
    expect(() => synth({ processing: { timeout: Duration.minutes(2) } })).toThrow(
      "the notification queue's visibility timeout (360 s) must be at least 6× the ingest timeout (120 s)",
    );
  });
});

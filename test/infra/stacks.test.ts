import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { App, Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { createRedlineStacks, type RedlineAppProps } from '../../lib/redline-app.ts';

const cdkContext = (JSON.parse(readFileSync(join(import.meta.dirname, '../../cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;

const BREAK_GLASS = 'arn:aws:iam::111122223333:role/redline-break-glass';
const EVERY_OPTION: RedlineAppProps = {
  storage: {
    storyPrefix: 'cms/stories/',
    objectLock: { mode: 'governance', retentionDays: 3650 },
    breakGlassPrincipalArn: BREAK_GLASS,
    uploaderRoleArn: 'arn:aws:iam::111122223333:role/cms-publisher',
    auditorRoleArn: 'arn:aws:iam::111122223333:role/standards-desk',
  },
  processing: {
    memorySize: 1769,
    timeout: Duration.seconds(30),
    reservedConcurrency: 20,
    maxRevisionBytes: 10 * 1024 * 1024,
    acceptedFormats: ['markdown', 'html'],
    logRetention: RetentionDays.ONE_YEAR,
    alarmTopicArn: 'arn:aws:sns:us-east-1:111122223333:newsroom-oncall',
  },
};

function synth(props: RedlineAppProps = {}) {
  // Same feature flags as `cdk synth`; skip esbuild bundling in unit-speed tests.
  const app = new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': [] } });
  const stacks = createRedlineStacks(app, props);
  return { app, stacks, storage: Template.fromStack(stacks.storage), processing: Template.fromStack(stacks.processing) };
}

type Statement = { Effect: string; Action: string | string[]; Resource?: unknown; NotResource?: unknown; Condition?: unknown; Sid?: string };
const actionsOf = (statement: Statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]);
function statementsOf(template: Template, type: 'AWS::IAM::Policy' | 'AWS::S3::BucketPolicy'): Statement[] {
  return Object.values(template.findResources(type)).flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
}
function bucketPolicyStatements(template: Template, bucketLogicalId: string): Statement[] {
  return Object.values(template.findResources('AWS::S3::BucketPolicy'))
    .filter((policy) => JSON.stringify(policy.Properties.Bucket) === JSON.stringify({ Ref: bucketLogicalId }))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

describe('Stack: RedlineStorage', () => {
  const { storage } = synth();

  it('keeps uploads and the archive in versioned, encrypted, private, TLS-only, retained, access-logged buckets', () => {
    const buckets = storage.findResources('AWS::S3::Bucket');
    for (const [logicalId, logPrefix] of [['UploadBucketD2C1DA78', 'uploads/'], ['ArchiveBucket9DECBF5D', 'archive/']] as const) {
      const bucket = buckets[logicalId];
      expect(bucket, `stable logical id ${logicalId}`).toBeDefined();
      expect(bucket?.DeletionPolicy).toBe('Retain');
      expect(bucket?.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(bucket?.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      expect(bucket?.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
      expect(bucket?.Properties.BucketName).toBeUndefined();
      expect(bucket?.Properties.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: expect.stringMatching(/^AccessLogsBucket/) }, LogFilePrefix: logPrefix });
      expect(bucket?.Properties).toMatchObject({
        ObjectLockEnabled: true,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 3650 } } },
      });
      expect(bucketPolicyStatements(storage, logicalId)).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
    const logs = Object.entries(buckets).find(([id]) => id.startsWith('AccessLogsBucket'))?.[1];
    expect(logs?.DeletionPolicy).toBe('Retain');
    expect(logs?.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
  });

  it('refuses uploads outside the story prefix, to everyone', () => {
    expect(bucketPolicyStatements(storage, 'UploadBucketD2C1DA78')).toContainEqual({
      Sid: 'UploadsOnlyUnderStoryPrefix',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:PutObject',
      NotResource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['UploadBucketD2C1DA78', 'Arn'] }, '/stories/*']] },
    });
  });

  it('denies deleting object versions and changing versioning on both buckets, with no exception by default', () => {
    for (const logicalId of ['UploadBucketD2C1DA78', 'ArchiveBucket9DECBF5D']) {
      const keep = bucketPolicyStatements(storage, logicalId).find((s) => s.Sid === 'KeepEveryVersion');
      expect(keep).toMatchObject({ Effect: 'Deny', Principal: { AWS: '*' } });
      expect(actionsOf(keep as Statement)).toEqual(expect.arrayContaining(['s3:DeleteObjectVersion', 's3:PutBucketVersioning']));
      expect(keep?.Condition).toBeUndefined();
    }
  });

  it('denies lifecycle rules, bucket-policy changes and Object Lock changes on both buckets, so history cannot be expired around the policy (M8)', () => {
    for (const logicalId of ['UploadBucketD2C1DA78', 'ArchiveBucket9DECBF5D']) {
      const keep = bucketPolicyStatements(storage, logicalId).find((s) => s.Sid === 'KeepEveryVersion');
      expect(keep).toMatchObject({ Effect: 'Deny', Principal: { AWS: '*' } });
      expect(actionsOf(keep as Statement)).toEqual(
        expect.arrayContaining(['s3:PutLifecycleConfiguration', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:PutBucketObjectLockConfiguration', 's3:BypassGovernanceRetention']),
      );
    }
  });

  it('keeps the ledger in an on-demand table with PITR, deletion protection, RETAIN and its three indexes', () => {
    const tables = storage.findResources('AWS::DynamoDB::GlobalTable');
    const table = tables['LedgerTable38A58B60'];
    expect(table?.DeletionPolicy).toBe('Retain');
    expect(table?.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }, { AttributeName: 'SK', KeyType: 'RANGE' }],
    });
    expect(table?.Properties.TableName).toBeUndefined();
    expect(table?.Properties.Replicas[0]).toMatchObject({ DeletionProtectionEnabled: true, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } });
    expect(table?.Properties.GlobalSecondaryIndexes.map((i: { IndexName: string }) => i.IndexName)).toEqual(['GSI1', 'GSI2', 'GSI3']);
  });

  it('sends story creations, removals and completed restores (only under the prefix) to an encrypted queue with a dead-letter queue', () => {
    storage.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        QueueConfigurations: [
          Match.objectLike({ Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'stories/' }] } } }),
          Match.objectLike({ Events: ['s3:ObjectRemoved:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'stories/' }] } } }),
          Match.objectLike({ Events: ['s3:ObjectRestore:Completed'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'stories/' }] } } }),
        ],
      },
    });
    storage.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 360,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
    });
  });

  it('offers an uploader role that can only put objects under the prefix', () => {
    const uploader = Object.entries(storage.findResources('AWS::IAM::Policy')).find(([id]) => id.startsWith('NewsroomUploaderRole'))?.[1];
    expect(uploader?.Properties.PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: 's3:PutObject', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['UploadBucketD2C1DA78', 'Arn'] }, '/stories/*']] } },
    ]);
  });

  it('offers an auditor role that reads the table, its indexes, the archive and the uploads, and writes nothing', () => {
    const auditor = Object.entries(storage.findResources('AWS::IAM::Policy')).find(([id]) => id.startsWith('AuditorRole'))?.[1];
    const statements = auditor?.Properties.PolicyDocument.Statement as Statement[];
    const actions = statements.flatMap(actionsOf);
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:GetItem', 's3:GetObject', 's3:GetObjectVersion', 's3:ListBucketVersions']));
    expect(actions.filter((a) => !/^(dynamodb:(Get|BatchGet|Query|Describe)|s3:(Get|List))/.test(a))).toEqual([]);
    const resources = JSON.stringify(statements.map((s) => s.Resource));
    expect(resources).toContain('/index/*');
    expect(resources).toContain('ArchiveBucket9DECBF5D');
  });

  it('outputs the names and roles an operator needs', () => {
    for (const output of ['UploadBucketName', 'ArchiveBucketName', 'AccessLogsBucketName', 'LedgerTableName', 'NotificationQueueUrl', 'DeadLetterQueueName', 'UploaderRoleArn', 'AuditorRoleArn']) {
      expect(storage.findOutputs(output), output).not.toEqual({});
    }
  });
});

describe('Stack: RedlineStorage with every option', () => {
  const { storage } = synth(EVERY_OPTION);

  it('locks object versions with the configured Object Lock mode and retention', () => {
    for (const logicalId of ['UploadBucketD2C1DA78', 'ArchiveBucket9DECBF5D']) {
      expect(storage.findResources('AWS::S3::Bucket')[logicalId]?.Properties).toMatchObject({
        ObjectLockEnabled: true,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 3650 } } },
      });
    }
  });

  it('lets only the break-glass principal delete versions or change versioning', () => {
    for (const logicalId of ['UploadBucketD2C1DA78', 'ArchiveBucket9DECBF5D']) {
      const keep = bucketPolicyStatements(storage, logicalId).find((s) => s.Sid === 'KeepEveryVersion');
      expect(keep?.Condition).toEqual({ ArnNotEquals: { 'aws:PrincipalArn': BREAK_GLASS } });
    }
  });

  it('grants the given uploader and auditor roles instead of creating roles', () => {
    expect(Object.keys(storage.findResources('AWS::IAM::Role')).filter((id) => /Uploader|Auditor/.test(id))).toEqual([]);
    storage.hasResourceProperties('AWS::IAM::Policy', {
      Roles: ['cms-publisher'],
      PolicyDocument: { Statement: [Match.objectLike({ Action: 's3:PutObject', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['UploadBucketD2C1DA78', 'Arn'] }, '/cms/stories/*']] } })] },
    });
    storage.hasResourceProperties('AWS::IAM::Policy', { Roles: ['standards-desk'] });
  });
});

describe('Stack: RedlineStorage with Object Lock opted out', () => {
  const { storage } = synth({ storage: { objectLock: false } });

  it('creates the evidence buckets without Object Lock, still denying version deletion and lifecycle changes', () => {
    for (const logicalId of ['UploadBucketD2C1DA78', 'ArchiveBucket9DECBF5D']) {
      const bucket = storage.findResources('AWS::S3::Bucket')[logicalId];
      expect(bucket?.Properties.ObjectLockEnabled).toBeUndefined();
      expect(bucket?.Properties.ObjectLockConfiguration).toBeUndefined();
      const keep = bucketPolicyStatements(storage, logicalId).find((s) => s.Sid === 'KeepEveryVersion');
      expect(actionsOf(keep as Statement)).toEqual(expect.arrayContaining(['s3:DeleteObjectVersion', 's3:PutLifecycleConfiguration']));
    }
  });
});

describe('Stack: RedlineProcessing', () => {
  const { processing, storage } = synth();

  it('runs the ingest function on Node.js 24, ARM64, fed by the queue with partial batch failures', () => {
    processing.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: 60,
      MemorySize: 1024,
      Environment: { Variables: Match.objectLike({ REDLINE_TABLE: Match.anyValue(), REDLINE_ARCHIVE_BUCKET: Match.anyValue(), REDLINE_STORY_PREFIX: 'stories/' }) },
    });
    processing.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    processing.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  it('grants only the data actions ingest uses, never on a "*" resource, and nothing that deletes', () => {
    const statements = statementsOf(processing, 'AWS::IAM::Policy');
    const actions = statements.flatMap(actionsOf);
    expect(actions).toEqual(expect.arrayContaining(['s3:GetObject', 's3:GetObjectVersion', 's3:ListBucketVersions', 'dynamodb:PutItem', 'dynamodb:Query']));
    // Step Functions' own logging needs the vended-logs delivery actions (they manage where the
    // state machine's log goes, not data), DeleteLogDelivery included.
    expect(actions.filter((a) => /Delete|\*$/.test(a) && !a.startsWith('sqs:') && !/^logs:\w+LogDelivery$/.test(a))).toEqual([]);
    expect(processing.findResources('AWS::IAM::Role', { Properties: { ManagedPolicyArns: Match.anyValue() } })).toEqual({});
  });

  it('puts no "*" resource on any data action, in either stack', () => {
    for (const template of [storage, processing, synth(EVERY_OPTION).storage, synth(EVERY_OPTION).processing]) {
      for (const statement of statementsOf(template, 'AWS::IAM::Policy')) {
        if (actionsOf(statement).some((a) => /^(s3|dynamodb|sqs|lambda):/.test(a))) {
          expect(JSON.stringify(statement.Resource), JSON.stringify(statement)).not.toMatch(/^"\*"$|"\*"[,\]]/);
        }
      }
    }
  });

  it('alarms on dead-letter messages, function errors, throttles and the oldest message age', () => {
    const alarms = Object.values(processing.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    expect(alarms.map((a) => [a.Namespace, a.MetricName, a.Threshold, a.ComparisonOperator]).sort()).toEqual(
      [
        ['AWS/Lambda', 'Errors', 0, 'GreaterThanThreshold'],
        ['AWS/Lambda', 'Errors', 0, 'GreaterThanThreshold'],
        ['AWS/Lambda', 'Throttles', 0, 'GreaterThanThreshold'],
        ['AWS/SQS', 'ApproximateAgeOfOldestMessage', 900, 'GreaterThanThreshold'],
        ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 0, 'GreaterThanThreshold'],
        ['Redline', 'IntegrationLag', 300, 'GreaterThanThreshold'],
      ].sort(),
    );
    for (const alarm of alarms) expect(alarm.AlarmActions).toBeUndefined();
    processing.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    expect(JSON.stringify(processing.findResources('AWS::CloudWatch::Dashboard'))).toContain('RevisionsRecorded');
  });

  it('serves the auditor query API through an IAM-authenticated function URL that only the auditor role may invoke', () => {
    processing.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'AWS_IAM' });
    expect(processing.findOutputs('QueryApiUrl')).not.toEqual({});
    const apiRole = Object.entries(processing.findResources('AWS::IAM::Policy')).find(([id]) => id.startsWith('QueryApiRole'))?.[1];
    const apiActions = (apiRole?.Properties.PolicyDocument.Statement as Statement[]).flatMap(actionsOf);
    expect(apiActions.filter((a) => !/^(dynamodb:(Get|BatchGet|Query)|s3:(GetObject|ListBucket)|logs:(CreateLogStream|PutLogEvents))/.test(a))).toEqual(['s3:PutObject']);
    processing.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ 'Fn::ImportValue': Match.stringLikeRegexp('AuditorRole') }],
      PolicyDocument: {
        Statement: [{ Effect: 'Allow', Action: 'lambda:InvokeFunctionUrl', Resource: Match.anyValue(), Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } } }],
      },
    });
  });

  it('gives the query API an expiring answer bucket for answers over 6 MB, and lets it write only under answers/ (M10)', () => {
    const buckets = Object.entries(processing.findResources('AWS::S3::Bucket'));
    const answers = buckets.filter(([id]) => id.startsWith('QueryApiAnswerBucket'));
    expect(answers).toHaveLength(1);
    const [answerId, answerBucket] = answers[0]!;
    expect(answerBucket.Properties.LifecycleConfiguration.Rules).toEqual([expect.objectContaining({ ExpirationInDays: 1, Status: 'Enabled' })]);
    expect(answerBucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    processing.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ REDLINE_ANSWER_BUCKET: { Ref: answerId } }) } });
    const apiRole = Object.entries(processing.findResources('AWS::IAM::Policy')).find(([id]) => id.startsWith('QueryApiRole'))?.[1];
    const writes = (apiRole?.Properties.PolicyDocument.Statement as (Statement & { Resource: unknown })[]).filter((statement) => actionsOf(statement).includes('s3:PutObject'));
    expect(writes).toHaveLength(1);
    expect(JSON.stringify(writes[0]!.Resource)).toBe(JSON.stringify({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [answerId, 'Arn'] }, '/answers/*']] }));
  });

  it('rejects an ingest timeout the queue visibility cannot cover six times', () => {
    expect(() => synth({ processing: { timeout: Duration.minutes(2) } })).toThrow(
      "the notification queue's visibility timeout (360 s) must be at least 6× the ingest timeout (120 s)",
    );
  });
});

describe('Stack: RedlineProcessing with every option', () => {
  const { processing } = synth(EVERY_OPTION);

  it('applies memory, timeout, reserved concurrency, formats, size limit and log retention', () => {
    processing.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 1769,
      Timeout: 30,
      ReservedConcurrentExecutions: 20,
      Environment: {
        Variables: Match.objectLike({ REDLINE_STORY_PREFIX: 'cms/stories/', REDLINE_MAX_REVISION_BYTES: '10485760', REDLINE_ACCEPTED_FORMATS: 'markdown,html' }),
      },
    });
    processing.hasResourceProperties('AWS::Lambda::EventSourceMapping', { ScalingConfig: { MaximumConcurrency: 20 } });
    processing.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });

  it('sends every alarm and its return to OK to the alarm topic', () => {
    const alarms = Object.values(processing.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(6);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual(['arn:aws:sns:us-east-1:111122223333:newsroom-oncall']);
      expect(alarm.Properties.OKActions).toEqual(['arn:aws:sns:us-east-1:111122223333:newsroom-oncall']);
    }
  });
});

describe('Construct: LogIntegrator (transparency log)', () => {
  const { storage, processing } = synth();

  it('signs with a retained Ed25519 KMS key that can only sign and verify', () => {
    storage.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ KeySpec: 'ECC_NIST_EDWARDS25519', KeyUsage: 'SIGN_VERIFY' }) });
  });

  it('keeps checkpoints in a write-once bucket: Object Lock in compliance mode by default, versioned, retained, access-logged', () => {
    const [bucket] = Object.values(storage.findResources('AWS::S3::Bucket', { Properties: { ObjectLockEnabled: true, LoggingConfiguration: { LogFilePrefix: 'checkpoints/' } } }));
    expect(bucket?.DeletionPolicy).toBe('Retain');
    expect(bucket?.Properties.ObjectLockConfiguration).toEqual({ ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 3650 } } });
    expect(bucket?.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
  });

  it('runs one integrator at a time on a one-minute schedule, allowed only to sign, read/write the table and put checkpoints', () => {
    processing.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 1, Runtime: 'nodejs24.x', Environment: { Variables: Match.objectLike({ REDLINE_LOG_KMS_KEY_ID: Match.anyValue(), REDLINE_CHECKPOINT_BUCKET: Match.anyValue(), POWERTOOLS_SERVICE_NAME: 'redline-log-integrator', POWERTOOLS_METRICS_NAMESPACE: 'Redline' }) } });
    processing.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)' });
    const [policy] = Object.values(processing.findResources('AWS::IAM::Policy')).filter((p) => JSON.stringify(p.Properties.Roles).includes('LogIntegratorRole'));
    const actions = (policy!.Properties.PolicyDocument.Statement as Statement[]).flatMap(actionsOf).sort();
    expect(actions).toEqual(
      [
        'dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem',
        'dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams',
        'kms:GetPublicKey', 'kms:Sign', 'logs:CreateLogStream', 'logs:PutLogEvents', 's3:PutObject',
      ].sort(),
    );
  });

  it('is fed by the table\'s stream of log queue writes (keys only), gathered for one checkpoint interval, besides the schedule', () => {
    storage.hasResourceProperties('AWS::DynamoDB::GlobalTable', { StreamSpecification: { StreamViewType: 'KEYS_ONLY' } });
    const integratorMappings = (stack: typeof processing) => Object.values(stack.findResources('AWS::Lambda::EventSourceMapping')).filter((m) => JSON.stringify(m.Properties.FunctionName).includes('LogIntegratorFunction'));
    const mappings = integratorMappings(processing);
    expect(mappings).toHaveLength(1);
    const mapping = mappings[0]!.Properties;
    expect(JSON.stringify(mapping.EventSourceArn)).toContain('LedgerTable');
    expect(mapping).toMatchObject({ StartingPosition: 'LATEST', BatchSize: 10000, MaximumBatchingWindowInSeconds: 60, MaximumRetryAttempts: 1 });
    expect(mapping.FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern))).toEqual([{ eventName: ['INSERT', 'MODIFY'], dynamodb: { Keys: { PK: { S: ['LOG#QUEUE'] } } } }]);
    const { processing: slow } = synth({ processing: { checkpointInterval: Duration.minutes(10) } });
    expect(integratorMappings(slow)[0]!.Properties.MaximumBatchingWindowInSeconds).toBe(300);
    slow.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(10 minutes)' });
  });

  it('alarms when records wait more than 5 minutes for the log, or the integrator stops reporting', () => {
    processing.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'IntegrationLag', Namespace: 'Redline', Threshold: 300, TreatMissingData: 'breaching' });
  });

  it('rejects a checkpoint interval that is not whole minutes with an exact message', () => {
    expect(() => synth({ processing: { checkpointInterval: Duration.seconds(30) } })).toThrow('checkpointInterval must be a whole number of minutes (EventBridge schedules run at most once a minute), got 30 seconds');
  });
});

describe('Construct: DistributedBackfill (Step Functions Distributed Map)', () => {
  const { storage, processing } = synth();
  /** The state machine's definition with every CloudFormation token replaced by "<ref>". */
  function definitionOf(template: Template): { States: Record<string, Record<string, any>> } {
    const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
    const parts = (machine!.Properties.DefinitionString['Fn::Join'] as [string, unknown[]])[1];
    return JSON.parse(parts.map((part) => (typeof part === 'string' ? part : '<ref>')).join(''));
  }
  const maps = (template: Template) => Object.entries(definitionOf(template).States).filter(([, state]) => state.Type === 'Map');

  it('reads an S3 Inventory manifest or a listing CSV in the inventory columns, chosen by the execution input', () => {
    const states = definitionOf(processing).States;
    expect(states['Manifest source']?.Choices).toEqual([
      { Variable: '$.source', StringEquals: 'inventory', Next: 'RecordInventory' },
      { Variable: '$.source', StringEquals: 'listing', Next: 'RecordListing' },
    ]);
    expect(states[states['Manifest source']?.Default]).toMatchObject({ Type: 'Fail', Error: 'UnknownManifestSource' });
    expect(states.RecordInventory?.ItemReader).toEqual({
      Resource: 'arn:<ref>:states:::s3:getObject',
      ReaderConfig: { InputType: 'MANIFEST' },
      Parameters: { 'Bucket.$': '$.manifest.bucket', 'Key.$': '$.manifest.key' },
    });
    expect(states.RecordListing?.ItemReader).toEqual({
      Resource: 'arn:<ref>:states:::s3:getObject',
      ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'GIVEN', CSVHeaders: ['Bucket', 'Key', 'VersionId', 'IsLatest', 'IsDeleteMarker', 'Size', 'LastModifiedDate'] },
      Parameters: { 'Bucket.$': '$.manifest.bucket', 'Key.$': '$.manifest.key' },
    });
  });

  it('fans batches of rows out to express child executions, 100 at once, tolerating 5 % failed batches, with a report in the backfill bucket', () => {
    expect(maps(processing).map(([name]) => name).sort()).toEqual(['RecordInventory', 'RecordListing']);
    for (const [name, map] of maps(processing)) {
      expect(map, name).toMatchObject({
        MaxConcurrency: 100,
        ToleratedFailurePercentage: 5,
        ItemBatcher: { MaxItemsPerBatch: 200 },
        ResultWriter: { Resource: 'arn:<ref>:states:::s3:putObject', Parameters: { Bucket: '<ref>', Prefix: 'reports' } },
        ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' } },
      });
      const [task] = Object.values(map.ItemProcessor.States as Record<string, Record<string, any>>);
      // A failed batch is retried (recording is idempotent) before it counts as failed.
      expect(task?.Retry).toContainEqual({ ErrorEquals: ['States.ALL'], IntervalSeconds: 5, MaxAttempts: 2, BackoffRate: 3 });
    }
    const [machine] = Object.values(processing.findResources('AWS::StepFunctions::StateMachine'));
    expect(machine?.Properties.DefinitionSubstitutions).toBeUndefined();
    expect(JSON.stringify(machine?.Properties.DefinitionString)).toContain('ExportsOutputRefBackfillBucket');
    expect(machine?.Properties).toMatchObject({ StateMachineType: 'STANDARD', TracingConfiguration: { Enabled: true }, LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false } });
    expect(processing.findOutputs('BackfillStateMachineArn')).not.toEqual({});
  });

  it('takes concurrency, batch size and tolerated failures as props', () => {
    const { processing: custom } = synth({ processing: { backfill: { maxConcurrency: 1000, rowsPerBatch: 50, toleratedFailurePercentage: 20 } } });
    const customMaps = maps(custom);
    // Both Map states must be there: an empty list would pass the loop below without checking anything.
    expect(customMaps.map(([name]) => name).sort()).toEqual(['RecordInventory', 'RecordListing']);
    for (const [name, map] of customMaps) expect(map, name).toMatchObject({ MaxConcurrency: 1000, ToleratedFailurePercentage: 20, ItemBatcher: { MaxItemsPerBatch: 50 } });
  });

  it('runs the batch function with the ingest configuration and the ingest grants, nothing that deletes', () => {
    const functions = Object.entries(processing.findResources('AWS::Lambda::Function'));
    const variables = (prefix: string) => functions.find(([id]) => id.startsWith(prefix))?.[1].Properties.Environment.Variables as Record<string, unknown>;
    const ingest = variables('IngestFunction');
    const batch = variables('BackfillBatchFunction');
    for (const name of ['REDLINE_TABLE', 'REDLINE_ARCHIVE_BUCKET', 'REDLINE_STORY_PREFIX']) expect(batch[name], name).toEqual(ingest[name]);
    expect(batch.REDLINE_UPLOAD_BUCKET).toEqual({ 'Fn::ImportValue': expect.stringContaining('UploadBucket') });
    processing.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.handler', Runtime: 'nodejs24.x', Architectures: ['arm64'], Timeout: 240, Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'redline-backfill' }) } });
    const [policy] = Object.entries(processing.findResources('AWS::IAM::Policy')).filter(([id]) => id.startsWith('BackfillBatchRole')).map(([, p]) => p);
    const actions = [...new Set((policy!.Properties.PolicyDocument.Statement as Statement[]).flatMap(actionsOf))].sort();
    expect(actions).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'logs:CreateLogStream', 'logs:PutLogEvents', 's3:GetBucketVersioning', 's3:GetObject', 's3:GetObjectVersion', 's3:ListBucket', 's3:ListBucketVersions', 's3:PutObject']);
  });

  it('lets the state machine read manifests only under manifests/ and inventory/, and write its report only, in the backfill bucket', () => {
    const [policy] = Object.entries(processing.findResources('AWS::IAM::Policy')).filter(([id]) => id.startsWith('BackfillStateMachineRole')).map(([, p]) => p);
    const s3Statements = (policy!.Properties.PolicyDocument.Statement as Statement[]).filter((statement) => actionsOf(statement).some((a) => a.startsWith('s3:')));
    expect(s3Statements.map((statement) => actionsOf(statement).sort())).toEqual([['s3:AbortMultipartUpload', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject'], ['s3:GetObject']]);
    const backfillArn = { 'Fn::ImportValue': expect.stringMatching(/^RedlineStorage:ExportsOutputFnGetAttBackfillBucket\w+Arn\w+$/) };
    expect(s3Statements[1]!.Resource).toEqual([{ 'Fn::Join': ['', [backfillArn, '/inventory/*']] }, { 'Fn::Join': ['', [backfillArn, '/manifests/*']] }]);
    expect(JSON.stringify(s3Statements[0]!.Resource)).toMatch(/^\{"Fn::Join":\["",\["arn:",\{"Ref":"AWS::Partition"\},":s3:::",\{"Fn::ImportValue":"RedlineStorage:ExportsOutputRefBackfillBucket\w+"\},"\/\*"\]\]\}$/);
  });

  it('keeps manifests and reports in an access-logged, encrypted bucket that expires them after 90 days', () => {
    const [bucket] = Object.values(storage.findResources('AWS::S3::Bucket', { Properties: { LoggingConfiguration: { LogFilePrefix: 'backfill/' } } }));
    expect(bucket?.Properties.LifecycleConfiguration.Rules).toEqual([
      expect.objectContaining({ ExpirationInDays: 90, NoncurrentVersionExpiration: { NoncurrentDays: 1 }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' }),
    ]);
    expect(bucket?.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(storage.findOutputs('BackfillBucketName')).not.toEqual({});
    expect(storage.findResources('AWS::S3::Bucket', { Properties: { InventoryConfigurations: Match.anyValue() } })).toEqual({});
  });

  it('has S3 Inventory list every story version into the backfill bucket when asked', () => {
    const { storage: withInventory } = synth({ storage: { inventoryFrequency: 'daily' } });
    withInventory.hasResourceProperties('AWS::S3::Bucket', {
      InventoryConfigurations: [
        {
          Id: 'redline-story-versions',
          Enabled: true,
          Destination: { BucketArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BackfillBucket'), 'Arn'] }, Format: 'CSV', Prefix: 'inventory' },
          IncludedObjectVersions: 'All',
          OptionalFields: ['Size', 'LastModifiedDate'],
          Prefix: 'stories/',
          ScheduleFrequency: 'Daily',
        },
      ],
    });
  });

  it.each([
    ['a concurrency above the Map Run limit', { backfill: { maxConcurrency: 20_000 } }, 'backfill maxConcurrency must be an integer from 1 to 10000, got 20000'],
    ['no rows per batch', { backfill: { rowsPerBatch: 0 } }, 'backfill rowsPerBatch must be an integer from 1 to 1000, got 0'],
    ['a tolerated failure percentage over 100', { backfill: { toleratedFailurePercentage: 101 } }, 'backfill toleratedFailurePercentage must be an integer from 0 to 100, got 101'],
  ] as const)('rejects %s with an exact message', (_name, processingProps, message) => {
    expect(() => synth({ processing: processingProps })).toThrow(new Error(message));
  });
});

describe('Props validation', () => {
  const cases: [string, RedlineAppProps, string][] = [
    ['a story prefix that is not a folder', { storage: { storyPrefix: 'stories' } }, 'storyPrefix must be empty or end with "/", got "stories"'],
    ['a story prefix starting with "/"', { storage: { storyPrefix: '/stories/' } }, 'storyPrefix must not start with "/", got "/stories/"'],
    ['zero Object Lock days', { storage: { objectLock: { mode: 'compliance', retentionDays: 0 } } }, 'objectLock.retentionDays must be a positive integer up to 36500, got 0'],
    ['an unknown Object Lock mode', { storage: { objectLock: { mode: 'legal-hold' as 'governance', retentionDays: 30 } } }, 'objectLock.mode must be "governance" or "compliance", got "legal-hold"'],
    ['a break-glass principal that is not an IAM ARN', { storage: { breakGlassPrincipalArn: 'admin' } }, 'breakGlassPrincipalArn must be an IAM role or user ARN (arn:aws:iam::<account>:role/<name>), got "admin"'],
    ['an uploader that is a user, not a role', { storage: { uploaderRoleArn: 'arn:aws:iam::111122223333:user/cms' } }, 'uploaderRoleArn must be an IAM role ARN (arn:aws:iam::<account>:role/<name>), got "arn:aws:iam::111122223333:user/cms"'],
    ['too little memory', { processing: { memorySize: 64 } }, 'memorySize must be an integer from 128 to 10240 MB, got 64'],
    ['a timeout over 15 minutes', { storage: { queueVisibilityTimeout: Duration.hours(2) }, processing: { timeout: Duration.minutes(16) } }, 'timeout must be an integer from 1 to 900 seconds, got 960'],
    ['reserved concurrency of 1', { processing: { reservedConcurrency: 1 } }, 'reservedConcurrency must be an integer from 2 to 1000, got 1'],
    ['a fractional revision size', { processing: { maxRevisionBytes: 1.5 } }, 'maxRevisionBytes must be an integer from 1 to 104857600 bytes, got 1.5'],
    ['no accepted formats', { processing: { acceptedFormats: [] } }, 'acceptedFormats must name at least one of text, markdown, html, ninjs, newsml'],
    ['an unknown format', { processing: { acceptedFormats: ['markdown', 'docx' as 'html'] } }, 'acceptedFormats: unknown format "docx" (known: text, markdown, html, ninjs, newsml)'],
    ['an alarm topic that is not an SNS ARN', { processing: { alarmTopicArn: 'oncall' } }, 'alarmTopicArn must be an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>), got "oncall"'],
  ];
  it.each(cases)('rejects %s with an exact message', (_name, props, message) => {
    expect(() => synth(props)).toThrow(new Error(message));
  });
});

describe('Security checks: cdk-nag AwsSolutions', () => {
  it.each([
    ['defaults', {}],
    ['every option', EVERY_OPTION],
  ] as const)('leaves no unacknowledged finding (%s)', (_name, props) => {
    // Prepare: synthesize first so cross-stack references are resolved as CloudFormation sees them.
    const { app } = synth({ ...props, nag: true });
    // Act: synth runs the plugin (and throws on a finding); check again for the report.
    app.synth();
    const report = new AwsSolutionsChecks().validateScope(app);
    // Assess
    expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });

  it('acknowledges each finding on the narrowest construct, with a reason', () => {
    const { app } = synth();
    app.synth();
    const acknowledged = app.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules').map((m) => ({ path: c.node.path, rules: m.data as Record<string, { reason: string } | string> })));
    const entries = acknowledged.flatMap(({ path, rules }) => Object.entries(rules).map(([id, value]) => ({ path, id, reason: typeof value === 'string' ? value : value.reason })));
    // The whole list, on purpose: a new acknowledgement is a security decision and shows up in review.
    expect(entries.map(({ path, id }) => `${path} ${id.replace(/^annotation::/i, '')}`).sort()).toEqual([
      'RedlineProcessing/Backfill/BatchRole AwsSolutions-IAM5[Resource::RedlineStorage:ExportsOutputFnGetAttArchiveBucket9DECBF5DArn0B88E833/*]',
      'RedlineProcessing/Backfill/BatchRole AwsSolutions-IAM5[Resource::RedlineStorage:ExportsOutputFnGetAttUploadBucketD2C1DA78ArnB45F3CD6/stories/*]',
      'RedlineProcessing/Backfill/StateMachine/DistributedMapPolicy AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"BackfillStateMachine395F6B27"}]}]}/*:*]',
      'RedlineProcessing/Backfill/StateMachine/DistributedMapPolicy AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"BackfillStateMachine395F6B27"}]}]}:*]',
      'RedlineProcessing/Backfill/StateMachine/Role AwsSolutions-IAM5[Resource::*]',
      'RedlineProcessing/Backfill/StateMachine/Role AwsSolutions-IAM5[Resource::<BackfillBatchFunction262F38A9.Arn>:*]',
      'RedlineProcessing/Backfill/StateMachine/Role AwsSolutions-IAM5[Resource::RedlineStorage:ExportsOutputFnGetAttBackfillBucket368C84C4Arn9B0634C4/inventory/*]',
      'RedlineProcessing/Backfill/StateMachine/Role AwsSolutions-IAM5[Resource::RedlineStorage:ExportsOutputFnGetAttBackfillBucket368C84C4Arn9B0634C4/manifests/*]',
      'RedlineProcessing/Backfill/StateMachine/Role AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::RedlineStorage:ExportsOutputRefBackfillBucket368C84C4B36F69E7/*]',
      'RedlineProcessing/IngestRole AwsSolutions-IAM5[Resource::RedlineStorage:ExportsOutputFnGetAttArchiveBucket9DECBF5DArn0B88E833/*]',
      'RedlineProcessing/IngestRole AwsSolutions-IAM5[Resource::RedlineStorage:ExportsOutputFnGetAttUploadBucketD2C1DA78ArnB45F3CD6/stories/*]',
      'RedlineProcessing/LogIntegrator/Role AwsSolutions-IAM5[Resource::RedlineStorage:ExportsOutputFnGetAttCheckpointBucketDFE4871AArn263F8C5B/checkpoints/*]',
      'RedlineProcessing/QueryApi/AnswerBucket AwsSolutions-S1',
      'RedlineProcessing/QueryApi/Role AwsSolutions-IAM5[Resource::<QueryApiAnswerBucketC371C695.Arn>/answers/*]',
      'RedlineProcessing/QueryApi/Role AwsSolutions-IAM5[Resource::RedlineStorage:ExportsOutputFnGetAttArchiveBucket9DECBF5DArn0B88E833/*]',
      'RedlineProcessing/QueryApi/Role AwsSolutions-IAM5[Resource::RedlineStorage:ExportsOutputFnGetAttLedgerTable38A58B60ArnA55745FD/index/*]',
      'RedlineStorage/AccessLogsBucket AwsSolutions-S1',
      'RedlineStorage/AuditorRole AwsSolutions-IAM5[Resource::<ArchiveBucket9DECBF5D.Arn>/*]',
      'RedlineStorage/AuditorRole AwsSolutions-IAM5[Resource::<LedgerTable38A58B60.Arn>/index/*]',
      'RedlineStorage/AuditorRole AwsSolutions-IAM5[Resource::<UploadBucketD2C1DA78.Arn>/*]',
      'RedlineStorage/BucketNotificationsHandler050a0587b7544547bf325f094a3db834 AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'RedlineStorage/NewsroomUploaderRole AwsSolutions-IAM5[Resource::<UploadBucketD2C1DA78.Arn>/stories/*]',
      'RedlineStorage/NotificationDeadLetterQueue AwsSolutions-SQS3',
    ]);
    for (const entry of entries) expect(entry.reason.length, entry.id).toBeGreaterThan(40);
  });
});

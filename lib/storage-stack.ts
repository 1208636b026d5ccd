// The stateful half of Redline: the upload bucket, Redline's archive, the ledger table, the
// notification queue, the server access logs and the newsroom/auditor roles. Everything that holds
// data is retained when the stack is deleted.
import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AttributeType, Billing, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { AccountRootPrincipal, AnyPrincipal, Effect, PolicyStatement, Role, type IRole } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, EventType, InventoryFormat, InventoryFrequency, InventoryObjectVersion, ObjectLockRetention, ObjectOwnership, type BucketProps } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { TABLE_SCHEMA } from '../lambdas/adapters/table-keys.ts';
import { DEFAULT_STORY_PREFIX } from '../lambdas/core/story-keys.ts';
import { wildcardResourceFinding } from './nag.ts';
import { requireIamPrincipalArn, requirePositiveInteger } from './validate.ts';

/** S3 Object Lock default retention for the upload and archive buckets. */
export interface RedlineObjectLock {
  /**
   * `governance`: principals with `s3:BypassGovernanceRetention` (only the break-glass principal,
   * by the bucket policy) can shorten or remove a lock. `compliance`: nobody can, not even the
   * account root, until the retention ends.
   */
  readonly mode: 'governance' | 'compliance';
  /** Days each object version is locked after it is written. */
  readonly retentionDays: number;
}

/** Object Lock unless opted out: governance mode, so only the break-glass principal can lift it. */
export const DEFAULT_OBJECT_LOCK: RedlineObjectLock = { mode: 'governance', retentionDays: 3650 };

export interface RedlineStorageStackProps extends StackProps {
  /**
   * Keys under this prefix are stories; only they notify the pipeline, and the upload bucket
   * refuses writes anywhere else.
   * @default 'stories/'
   */
  readonly storyPrefix?: string;
  /**
   * Visibility timeout of the notification queue; must be at least 6× the ingest function's timeout.
   * @default Duration.minutes(6)
   */
  readonly queueVisibilityTimeout?: Duration;
  /**
   * Receives before a notification moves to the dead-letter queue.
   * @default 5
   */
  readonly maxReceiveCount?: number;
  /**
   * Object Lock default retention on the upload and archive buckets (WORM), or `false` to opt out
   * (versioning plus the bucket policy's denies only). Choose before the first deploy: an existing
   * bucket's Object Lock setting is not changed by a later deploy.
   * @default DEFAULT_OBJECT_LOCK (governance, 3,650 days)
   */
  readonly objectLock?: RedlineObjectLock | false;
  /**
   * ARN of the one IAM role or user allowed to delete object versions, change versioning or bypass
   * governance retention on the upload and archive buckets (an incident or legal-hold role).
   * @default - nobody: the bucket policy denies those actions to every principal
   */
  readonly breakGlassPrincipalArn?: string;
  /**
   * ARN of an existing IAM role for the newsroom's CMS or editors. It is granted `s3:PutObject`
   * under the story prefix and nothing else.
   * @default - a new role, `NewsroomUploaderRole`, assumable by principals of this account that are allowed to assume it
   */
  readonly uploaderRoleArn?: string;
  /**
   * ARN of an existing IAM role for auditors. It is granted read-only access to the ledger table
   * and its indexes, the archive and the upload bucket (and, by the processing stack, the query API).
   * @default - a new role, `AuditorRole`, assumable by principals of this account that are allowed to assume it
   */
  readonly auditorRoleArn?: string;
  /**
   * Object Lock of the checkpoint bucket, where every signed checkpoint of the transparency log is
   * kept write-once (always on: checkpoints are what witnesses and auditors hold the log to).
   * @default { mode: 'compliance', retentionDays: 3650 }
   */
  readonly checkpointLock?: RedlineObjectLock;
  /**
   * Have S3 Inventory list every version of the upload bucket's stories (CSV) into the backfill
   * bucket under `inventory/`, for `redline backfill --distributed --inventory`.
   * @default - no inventory reports (the distributed backfill lists the bucket's versions itself)
   */
  readonly inventoryFrequency?: 'daily' | 'weekly';
  /**
   * Days the backfill bucket keeps manifests, inventory reports and backfill reports.
   * @default 90
   */
  readonly backfillRetentionDays?: number;
}

/** Where the distributed backfill's inputs and reports live in the backfill bucket. */
export const BACKFILL_PREFIXES = { manifests: 'manifests/', inventory: 'inventory/', reports: 'reports/' } as const;

export class RedlineStorageStack extends Stack {
  readonly uploadBucket: Bucket;
  readonly archiveBucket: Bucket;
  readonly accessLogsBucket: Bucket;
  readonly ledgerTable: TableV2;
  readonly notificationQueue: Queue;
  readonly deadLetterQueue: Queue;
  readonly storyPrefix: string;
  /** Puts story revisions under the prefix; nothing else. */
  readonly uploaderRole: IRole;
  /** Reads the ledger, the archive and the uploads; writes nothing. */
  readonly auditorRole: IRole;
  /** The transparency log's signing key: Ed25519 (ECC_NIST_EDWARDS25519), sign/verify only; its private half never leaves KMS. */
  readonly logSigningKey: Key;
  /** Every signed checkpoint, write-once (Object Lock). */
  readonly checkpointBucket: Bucket;
  /** Manifests (S3 Inventory reports, Redline's own version listings) and reports of the distributed backfill. */
  readonly backfillBucket: Bucket;

  constructor(scope: Construct, id: string, props: RedlineStorageStackProps = {}) {
    super(scope, id, props);
    this.storyPrefix = props.storyPrefix ?? DEFAULT_STORY_PREFIX;
    if (this.storyPrefix !== '' && !this.storyPrefix.endsWith('/')) {
      throw new Error(`storyPrefix must be empty or end with "/", got "${this.storyPrefix}"`);
    }
    if (this.storyPrefix.startsWith('/')) throw new Error(`storyPrefix must not start with "/", got "${this.storyPrefix}"`);
    const lock = props.objectLock ?? DEFAULT_OBJECT_LOCK;
    const objectLock = lock === false ? undefined : objectLockRetention(lock);
    if (props.breakGlassPrincipalArn !== undefined) requireIamPrincipalArn('breakGlassPrincipalArn', props.breakGlassPrincipalArn);
    if (props.uploaderRoleArn !== undefined) requireIamPrincipalArn('uploaderRoleArn', props.uploaderRoleArn, 'role');
    if (props.auditorRoleArn !== undefined) requireIamPrincipalArn('auditorRoleArn', props.auditorRoleArn, 'role');

    const secureBucket = {
      versioned: true,
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
    } satisfies BucketProps;

    // Who read or wrote which object, kept as long as the evidence it describes.
    this.accessLogsBucket = new Bucket(this, 'AccessLogsBucket', secureBucket);
    Validations.of(this.accessLogsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the server access log destination of the upload and archive buckets; logging it into itself would loop.',
    });

    const evidenceBucket = (logPrefix: string): BucketProps => ({
      ...secureBucket,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: logPrefix,
      ...(objectLock ? { objectLockEnabled: true, objectLockDefaultRetention: objectLock } : {}),
    });
    this.uploadBucket = new Bucket(this, 'UploadBucket', evidenceBucket('uploads/'));
    this.archiveBucket = new Bucket(this, 'ArchiveBucket', evidenceBucket('archive/'));
    this.protectHistory(this.uploadBucket, props.breakGlassPrincipalArn);
    this.protectHistory(this.archiveBucket, props.breakGlassPrincipalArn);
    this.checkpointBucket = new Bucket(this, 'CheckpointBucket', {
      ...secureBucket,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'checkpoints/',
      objectLockEnabled: true,
      objectLockDefaultRetention: objectLockRetention(props.checkpointLock ?? { mode: 'compliance', retentionDays: 3650 }),
    });
    this.protectHistory(this.checkpointBucket, props.breakGlassPrincipalArn);
    // Working files, not evidence: they expire (the ledger records what the backfill did).
    const backfillDays = props.backfillRetentionDays ?? 90;
    requirePositiveInteger('backfillRetentionDays', backfillDays);
    this.backfillBucket = new Bucket(this, 'BackfillBucket', {
      ...secureBucket,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'backfill/',
      lifecycleRules: [{ expiration: Duration.days(backfillDays), noncurrentVersionExpiration: Duration.days(1), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    });
    if (props.inventoryFrequency) {
      this.uploadBucket.addInventory({
        inventoryId: 'redline-story-versions',
        destination: { bucket: this.backfillBucket, prefix: BACKFILL_PREFIXES.inventory.slice(0, -1) },
        objectsPrefix: this.storyPrefix || undefined,
        format: InventoryFormat.CSV,
        frequency: props.inventoryFrequency === 'daily' ? InventoryFrequency.DAILY : InventoryFrequency.WEEKLY,
        includeObjectVersions: InventoryObjectVersion.ALL,
        optionalFields: ['Size', 'LastModifiedDate'],
      });
    }
    this.logSigningKey = new Key(this, 'LogSigningKey', {
      keySpec: KeySpec.ECC_NIST_EDWARDS25519,
      keyUsage: KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
      description: "Redline: signs the transparency log's checkpoints (Ed25519 C2SP signed notes)",
    });
    if (this.storyPrefix) {
      // Everything uploaded is a story revision: nothing lands outside the prefix (and so
      // nothing escapes the notification filter unrecorded).
      this.uploadBucket.addToResourcePolicy(
        new PolicyStatement({
          sid: 'UploadsOnlyUnderStoryPrefix',
          effect: Effect.DENY,
          principals: [new AnyPrincipal()],
          actions: ['s3:PutObject'],
          notResources: [this.uploadBucket.arnForObjects(`${this.storyPrefix}*`)],
        }),
      );
    }

    this.ledgerTable = new TableV2(this, 'LedgerTable', {
      partitionKey: { name: TABLE_SCHEMA.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_SCHEMA.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      // Keys only: the log integrator runs when log queue entries are written (lib/log-integrator.ts).
      dynamoStream: StreamViewType.KEYS_ONLY,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      globalSecondaryIndexes: TABLE_SCHEMA.indexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      })),
    });

    this.deadLetterQueue = new Queue(this, 'NotificationDeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This is the dead-letter queue of the notification queue; its depth alarms, and a message that lands here is replayed by hand.',
    });
    this.notificationQueue = new Queue(this, 'NotificationQueue', {
      // SSE-SQS: S3 can deliver to it, and no KMS key policy ties the stacks together.
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: props.queueVisibilityTimeout ?? Duration.minutes(6),
      retentionPeriod: Duration.days(14),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });
    const destination = new SqsDestination(this.notificationQueue);
    const filter = this.storyPrefix ? [{ prefix: this.storyPrefix }] : [];
    this.uploadBucket.addEventNotification(EventType.OBJECT_CREATED, destination, ...filter);
    this.uploadBucket.addEventNotification(EventType.OBJECT_REMOVED, destination, ...filter);
    // An archived upload is recorded as rejected `archived`; once S3 has restored it, it is recorded in its place.
    this.uploadBucket.addEventNotification(EventType.OBJECT_RESTORE_COMPLETED, destination, ...filter);
    const notificationsHandler = this.node.tryFindChild('BucketNotificationsHandler050a0587b7544547bf325f094a3db834');
    if (notificationsHandler) {
      Validations.of(notificationsHandler).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: "CDK's deploy-time handler that writes the bucket's notification configuration; it only needs to write its own logs, which is what this managed policy grants.",
      });
    }

    this.uploaderRole = props.uploaderRoleArn
      ? Role.fromRoleArn(this, 'ImportedUploaderRole', props.uploaderRoleArn)
      : new Role(this, 'NewsroomUploaderRole', {
          assumedBy: new AccountRootPrincipal(),
          description: 'Redline: a CMS or editor uploading story revisions (PutObject under the story prefix only)',
        });
    this.uploadBucket.grants.actionsOnObjectKeys(this.uploaderRole, `${this.storyPrefix}*`, 's3:PutObject');

    this.auditorRole = props.auditorRoleArn
      ? Role.fromRoleArn(this, 'ImportedAuditorRole', props.auditorRoleArn)
      : new Role(this, 'AuditorRole', {
          assumedBy: new AccountRootPrincipal(),
          description: 'Redline: read-only access to the ledger, the archive and the uploaded revisions',
        });
    this.ledgerTable.grants.actions(this.auditorRole, 'dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:DescribeTable');
    for (const bucket of [this.uploadBucket, this.archiveBucket]) {
      bucket.grants.actionsOnObjectKeys(this.auditorRole, '*', 's3:GetObject', 's3:GetObjectVersion');
      this.auditorRole.addToPrincipalPolicy(
        new PolicyStatement({ actions: ['s3:ListBucket', 's3:ListBucketVersions'], resources: [bucket.bucketArn] }),
      );
    }
    this.acknowledgeRoleWildcards();

    new CfnOutput(this, 'UploadBucketName', { value: this.uploadBucket.bucketName, description: 'Upload story revisions here' });
    new CfnOutput(this, 'ArchiveBucketName', { value: this.archiveBucket.bucketName, description: "Redline's canonical revisions and overflow patches" });
    new CfnOutput(this, 'AccessLogsBucketName', { value: this.accessLogsBucket.bucketName, description: 'S3 server access logs of the upload and archive buckets' });
    new CfnOutput(this, 'BackfillBucketName', { value: this.backfillBucket.bucketName, description: 'Manifests, S3 Inventory reports and reports of the distributed backfill (expire)' });
    new CfnOutput(this, 'CheckpointBucketName', { value: this.checkpointBucket.bucketName, description: 'Every signed checkpoint of the transparency log, write-once (checkpoints/<size>.txt, checkpoints/latest.txt)' });
    new CfnOutput(this, 'LogSigningKeyArn', { value: this.logSigningKey.keyArn, description: "KMS key that signs the log's checkpoints (Ed25519)" });
    new CfnOutput(this, 'LedgerTableName', { value: this.ledgerTable.tableName, description: 'Versioned change records' });
    new CfnOutput(this, 'NotificationQueueUrl', { value: this.notificationQueue.queueUrl });
    new CfnOutput(this, 'NotificationQueueName', { value: this.notificationQueue.queueName });
    new CfnOutput(this, 'DeadLetterQueueName', { value: this.deadLetterQueue.queueName });
    new CfnOutput(this, 'UploaderRoleArn', { value: this.uploaderRole.roleArn, description: 'Assume to upload story revisions' });
    new CfnOutput(this, 'AuditorRoleArn', { value: this.auditorRole.roleArn, description: 'Assume to read the ledger, the archive and the query API' });
  }

  /**
   * Versions are the evidence: nobody but the break-glass principal deletes one, turns versioning
   * off, lifts a lock, or changes what could do so later (lifecycle rules that expire noncurrent
   * versions, the bucket policy itself, the Object Lock configuration). The account root can
   * always change a bucket policy (S3 guarantees it): that is the recovery path.
   */
  private protectHistory(bucket: Bucket, breakGlassPrincipalArn: string | undefined): void {
    bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'KeepEveryVersion',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: [
          's3:DeleteObjectVersion',
          's3:PutBucketVersioning',
          's3:BypassGovernanceRetention',
          's3:PutLifecycleConfiguration',
          's3:PutBucketPolicy',
          's3:DeleteBucketPolicy',
          's3:PutBucketObjectLockConfiguration',
        ],
        resources: [bucket.bucketArn, bucket.arnForObjects('*')],
        ...(breakGlassPrincipalArn ? { conditions: { ArnNotEquals: { 'aws:PrincipalArn': breakGlassPrincipalArn } } } : {}),
      }),
    );
  }

  private acknowledgeRoleWildcards(): void {
    const { uploadBucket: upload, archiveBucket: archive, ledgerTable: table } = this;
    Validations.of(this.uploaderRole).acknowledge({
      id: wildcardResourceFinding(this, upload, upload.bucketArn, `/${this.storyPrefix}*`),
      reason: 'Uploaders put any story under the story prefix: the wildcard is the set of story keys, and the only action is s3:PutObject.',
    });
    Validations.of(this.auditorRole).acknowledge(
      { id: wildcardResourceFinding(this, table, table.tableArn, '/index/*'), reason: 'Auditors query the ledger indexes (stories by last change, changes by day, stealth edits by day) with read-only actions.' },
      { id: wildcardResourceFinding(this, upload, upload.bucketArn, '/*'), reason: 'Auditors read any uploaded revision by key and version id; GetObject/GetObjectVersion only.' },
      { id: wildcardResourceFinding(this, archive, archive.bucketArn, '/*'), reason: 'Auditors read any archived canonical text or patch (content-addressed keys); GetObject/GetObjectVersion only.' },
    );
  }
}

function objectLockRetention(lock: RedlineObjectLock): ObjectLockRetention {
  requirePositiveInteger('objectLock.retentionDays', lock.retentionDays, 36_500);
  const duration = Duration.days(lock.retentionDays);
  if (lock.mode === 'governance') return ObjectLockRetention.governance(duration);
  if (lock.mode === 'compliance') return ObjectLockRetention.compliance(duration);
  throw new Error(`objectLock.mode must be "governance" or "compliance", got "${String(lock.mode)}"`);
}

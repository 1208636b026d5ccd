// What recording a story version needs, granted alike to the ingest function and to the
// distributed backfill's batch function (both run the ingest use case), with the cdk-nag
// acknowledgements of its two key wildcards.
import { Validations } from 'aws-cdk-lib';
import { PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { wildcardResourceFinding } from './nag.ts';
import type { RedlineStorageStack } from './storage-stack.ts';

/**
 * Least privilege: read story revisions (by version), list a story key's versions, keep canonical
 * texts in the archive, and read/write ledger items. Nothing can delete.
 */
export function grantRecording(fn: IFunction, role: Role, storage: RedlineStorageStack, readsFor: string): void {
  storage.uploadBucket.grants.actionsOnObjectKeys(fn, `${storage.storyPrefix}*`, 's3:GetObject', 's3:GetObjectVersion');
  fn.addToRolePolicy(
    new PolicyStatement({
      // ListBucket makes a missing object answer 404 (not 403); ListBucketVersions serves the version walk.
      actions: ['s3:ListBucket', 's3:ListBucketVersions', 's3:GetBucketVersioning'],
      resources: [storage.uploadBucket.bucketArn],
    }),
  );
  storage.archiveBucket.grants.actionsOnObjectKeys(fn, '*', 's3:GetObject', 's3:PutObject');
  fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [storage.archiveBucket.bucketArn] }));
  // The base table only: recording reads and writes by key; the indexes are for readers.
  fn.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'], resources: [storage.ledgerTable.tableArn] }));
  Validations.of(role).acknowledge(
    {
      id: wildcardResourceFinding(role, storage.uploadBucket, storage.uploadBucket.bucketArn, `/${storage.storyPrefix}*`),
      reason: `${readsFor} reads whichever story revision it is handed, by key and version id: the wildcard is the set of story keys; GetObject/GetObjectVersion only.`,
    },
    {
      id: wildcardResourceFinding(role, storage.archiveBucket, storage.archiveBucket.bucketArn, '/*'),
      reason: `${readsFor} writes and reads content-addressed canonical texts and overflow patches (canonical/<sha>, patches/…) in Redline's archive bucket; GetObject/PutObject only.`,
    },
  );
}

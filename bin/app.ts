// CDK app entry: reads settings from context (cdk.json or `-c key=value`) and builds the stacks.
// Every `redline:*` key is optional; the stacks' props document the defaults.
import { App, Duration } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { RevisionFormat } from '../lambdas/core/engine/types.ts';
import { createRedlineStacks } from '../lib/redline-app.ts';
import type { RedlineObjectLock } from '../lib/storage-stack.ts';

const app = new App();
const context = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return value === undefined || value === null || value === '' ? undefined : String(value);
};
const integer = (key: string): number | undefined => {
  const raw = context(key);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`context ${key} must be a positive integer, got "${raw}"`);
  return value;
};
const seconds = (key: string): Duration | undefined => {
  const value = integer(key);
  return value === undefined ? undefined : Duration.seconds(value);
};

function logRetention(): RetentionDays | undefined {
  const days = integer('redline:logRetentionDays');
  if (days === undefined) return undefined;
  if (!(Object.values(RetentionDays) as unknown[]).includes(days)) {
    throw new Error(`context redline:logRetentionDays must be one of CloudWatch's retention periods (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, …), got "${days}"`);
  }
  return days as RetentionDays;
}

function objectLock(): RedlineObjectLock | false | undefined {
  const mode = context('redline:objectLockMode');
  if (mode === 'off') return false;
  const retentionDays = integer('redline:objectLockDays');
  if (mode === undefined && retentionDays === undefined) return undefined;
  if (mode === undefined || retentionDays === undefined) throw new Error('context redline:objectLockMode and redline:objectLockDays go together');
  return { mode: mode as RedlineObjectLock['mode'], retentionDays };
}

const formats = context('redline:acceptedFormats');
const percentage = (key: string): number | undefined => {
  const raw = context(key);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`context ${key} must be an integer from 0 to 100, got "${raw}"`);
  return value;
};
const inventoryFrequency = context('redline:inventoryFrequency');
if (inventoryFrequency !== undefined && inventoryFrequency !== 'daily' && inventoryFrequency !== 'weekly') {
  throw new Error(`context redline:inventoryFrequency must be daily or weekly, got "${inventoryFrequency}"`);
}

createRedlineStacks(app, {
  stackPrefix: context('redline:stackPrefix'),
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  storage: {
    storyPrefix: context('redline:storyPrefix'),
    objectLock: objectLock(),
    breakGlassPrincipalArn: context('redline:breakGlassPrincipalArn'),
    uploaderRoleArn: context('redline:uploaderRoleArn'),
    auditorRoleArn: context('redline:auditorRoleArn'),
    inventoryFrequency,
  },
  processing: {
    memorySize: integer('redline:memorySize'),
    timeout: seconds('redline:timeoutSeconds'),
    reservedConcurrency: integer('redline:reservedConcurrency'),
    maxRevisionBytes: integer('redline:maxRevisionBytes'),
    acceptedFormats: formats?.split(',').map((format) => format.trim() as RevisionFormat),
    logRetention: logRetention(),
    alarmTopicArn: context('redline:alarmTopicArn'),
    backfill: {
      maxConcurrency: integer('redline:backfillMaxConcurrency'),
      rowsPerBatch: integer('redline:backfillRowsPerBatch'),
      toleratedFailurePercentage: percentage('redline:backfillToleratedFailurePercentage'),
    },
  },
});

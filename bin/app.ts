// CDK app entry: reads settings from context (cdk.json or `-c key=value`) and builds the stacks.
import { App } from 'aws-cdk-lib';
import { createRedlineStacks } from '../lib/redline-app.ts';

const app = new App();
const context = (key: string): string | undefined => app.node.tryGetContext(key) as string | undefined;
const positive = (key: string): number | undefined => {
  const raw = context(key);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`context ${key} must be a positive integer, got "${raw}"`);
  return value;
};

createRedlineStacks(app, {
  stackPrefix: context('redline:stackPrefix'),
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  storage: { storyPrefix: context('redline:storyPrefix') },
  processing: { memorySize: positive('redline:memorySize'), maxRevisionBytes: positive('redline:maxRevisionBytes') },
});

// `--stack NAME`: the bucket and table names of a deployed Redline, read from the storage stack's
// CloudFormation outputs with the user's own AWS credentials (default provider chain).
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';

export interface StackResources {
  readonly stackName: string;
  readonly uploadBucket: string;
  readonly archiveBucket: string;
  readonly tableName: string;
}

export class StackOutputsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StackOutputsError';
  }
}

/** `Redline` (the stack prefix) names `RedlineStorage`; a name already ending in `Storage` is used as is. */
export function storageStackName(name: string): string {
  return name.endsWith('Storage') ? name : `${name}Storage`;
}

/** Picks Redline's names out of a stack's outputs; says which are missing. */
export function resourcesFromOutputs(stackName: string, outputs: readonly { OutputKey?: string; OutputValue?: string }[]): StackResources {
  const value = (key: string) => outputs.find((output) => output.OutputKey === key)?.OutputValue;
  const resources = { uploadBucket: value('UploadBucketName'), archiveBucket: value('ArchiveBucketName'), tableName: value('LedgerTableName') };
  const missing = Object.entries({ UploadBucketName: resources.uploadBucket, ArchiveBucketName: resources.archiveBucket, LedgerTableName: resources.tableName })
    .filter(([, found]) => !found)
    .map(([key]) => key);
  if (missing.length > 0) throw new StackOutputsError(`stack ${stackName} has no output ${missing.join(', ')}: is it Redline's storage stack?`);
  return { stackName, ...(resources as Omit<StackResources, 'stackName'>) };
}

export async function readStackResources(name: string, region: string, client = new CloudFormationClient({ region })): Promise<StackResources> {
  const stackName = storageStackName(name);
  try {
    const result = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = result.Stacks?.[0];
    if (!stack) throw new StackOutputsError(`stack ${stackName} not found in ${region}`);
    return resourcesFromOutputs(stackName, stack.Outputs ?? []);
  } catch (error) {
    if (error instanceof StackOutputsError) throw error;
    throw new StackOutputsError(`cannot read stack ${stackName} in ${region}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    client.destroy();
  }
}

// `redline backfill --stack NAME --distributed`: writes a manifest of the upload bucket's story
// versions (or takes an S3 Inventory manifest), starts the deployed backfill state machine on it and
// follows the execution and its Map Run until they end.
import { setTimeout as sleep } from 'node:timers/promises';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeExecutionCommand, DescribeMapRunCommand, ListMapRunsCommand, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { StackOutputsError, storageStackName } from './stack-outputs.ts';

export interface BackfillStack {
  readonly stateMachineArn: string;
  readonly uploadBucket: string;
  readonly backfillBucket: string;
}

/** `Redline` (the prefix) or `RedlineStorage` name both stacks: `<prefix>Storage` and `<prefix>Processing`. */
export function processingStackName(name: string): string {
  return `${storageStackName(name).slice(0, -'Storage'.length)}Processing`;
}

export async function readBackfillStack(name: string, region: string, client = new CloudFormationClient({ region })): Promise<BackfillStack> {
  /** One DescribeStacks per stack; `value` picks an output out of it. */
  const outputsOf = async (stackName: string) => {
    let outputs: { OutputKey?: string; OutputValue?: string }[];
    try {
      outputs = (await client.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0]?.Outputs ?? [];
    } catch (error) {
      throw new StackOutputsError(`cannot read stack ${stackName} in ${region}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return (key: string) => {
      const value = outputs.find((candidate) => candidate.OutputKey === key)?.OutputValue;
      if (!value) throw new StackOutputsError(`stack ${stackName} has no output ${key}: deploy this version of Redline (it adds the distributed backfill)`);
      return value;
    };
  };
  try {
    const processing = await outputsOf(processingStackName(name));
    const stateMachineArn = processing('BackfillStateMachineArn');
    const storage = await outputsOf(storageStackName(name));
    return { stateMachineArn, uploadBucket: storage('UploadBucketName'), backfillBucket: storage('BackfillBucketName') };
  } finally {
    client.destroy();
  }
}

/** `s3://bucket/key` → its parts; anything else is a usage error the caller reports. */
export function parseS3Url(url: string): { bucket: string; key: string } | undefined {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(url);
  return match ? { bucket: match[1]!, key: match[2]! } : undefined;
}

export interface MapRunProgress {
  /** Batches (child executions) in each state, once the Map Run has started. */
  readonly total: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly running: number;
  readonly pending: number;
}

export interface ExecutionOutcome {
  readonly status: string;
  readonly executionArn: string;
  readonly progress?: MapRunProgress;
  /** Where ResultWriter put the run's report (manifest.json listing SUCCEEDED/FAILED files). */
  readonly report?: { readonly bucket: string; readonly key: string };
  readonly error?: string;
}

export async function startBackfill(sfn: SFNClient, stateMachineArn: string, input: { source: 'inventory' | 'listing'; manifest: { bucket: string; key: string } }, name: string): Promise<string> {
  const started = await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
  return started.executionArn!;
}

/** Polls the execution and its Map Run every `intervalMs` until the execution leaves RUNNING. */
export async function followExecution(sfn: SFNClient, executionArn: string, options: { readonly intervalMs?: number; readonly onProgress?: (progress: MapRunProgress | undefined) => void } = {}): Promise<ExecutionOutcome> {
  let mapRunArn: string | undefined;
  for (;;) {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    mapRunArn ??= (await sfn.send(new ListMapRunsCommand({ executionArn }))).mapRuns?.[0]?.mapRunArn;
    let progress: MapRunProgress | undefined;
    if (mapRunArn) {
      const counts = (await sfn.send(new DescribeMapRunCommand({ mapRunArn }))).itemCounts;
      if (counts) progress = { total: counts.total ?? 0, succeeded: counts.succeeded ?? 0, failed: (counts.failed ?? 0) + (counts.timedOut ?? 0) + (counts.aborted ?? 0), running: counts.running ?? 0, pending: counts.pending ?? 0 };
    }
    options.onProgress?.(progress);
    if (execution.status !== 'RUNNING' && execution.status !== 'PENDING_REDRIVE') {
      const report = reportLocation(execution.output);
      return {
        status: execution.status ?? 'UNKNOWN',
        executionArn,
        ...(progress ? { progress } : {}),
        ...(report ? { report } : {}),
        ...(execution.error ? { error: `${execution.error}${execution.cause ? `: ${execution.cause}` : ''}` } : {}),
      };
    }
    await sleep(options.intervalMs ?? 2000);
  }
}

function reportLocation(output: string | undefined): { bucket: string; key: string } | undefined {
  if (!output) return undefined;
  try {
    const details = (JSON.parse(output) as { report?: { ResultWriterDetails?: { Bucket?: string; Key?: string } } }).report?.ResultWriterDetails;
    return details?.Bucket && details.Key ? { bucket: details.Bucket, key: details.Key } : undefined;
  } catch {
    return undefined;
  }
}

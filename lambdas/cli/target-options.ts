// The target options every storage-touching command shares. Kept apart from target.ts so that
// registering commands (and `redline --help`) loads commander only, never an SDK client.
import { Option, type Command } from 'commander';

export interface TargetOptions {
  endpointUrl?: string;
  s3Endpoint?: string;
  dynamodbEndpoint?: string;
  sqsEndpoint?: string;
  bucket?: string;
  archiveBucket?: string;
  table?: string;
  region?: string;
  /** A deployed Redline: its storage stack's outputs name the buckets and the table. */
  stack?: string;
  dataDir: string;
}

/** Adds the target options every command shares; each falls back to a REDLINE_* variable. */
export function withTargetOptions(command: Command): Command {
  return command
    .addOption(new Option('--endpoint-url <url>', 'one endpoint for every service (moto, LocalStack)').env('REDLINE_ENDPOINT_URL'))
    .addOption(new Option('--s3-endpoint <url>', 'S3-compatible endpoint').env('REDLINE_S3_ENDPOINT'))
    .addOption(new Option('--dynamodb-endpoint <url>', 'DynamoDB-compatible endpoint').env('REDLINE_DYNAMODB_ENDPOINT'))
    .addOption(new Option('--sqs-endpoint <url>', 'SQS-compatible endpoint').env('REDLINE_SQS_ENDPOINT'))
    .addOption(new Option('--bucket <name>', 'upload bucket').env('REDLINE_BUCKET'))
    .addOption(new Option('--archive-bucket <name>', "Redline's archive bucket").env('REDLINE_ARCHIVE_BUCKET'))
    .addOption(new Option('--table <name>', 'ledger table').env('REDLINE_TABLE'))
    .addOption(new Option('--region <region>', 'AWS region').env('REDLINE_REGION'))
    .addOption(new Option('--stack <name>', 'deployed Redline: read bucket and table names from stack <name>Storage').env('REDLINE_STACK'))
    .addOption(new Option('--data-dir <dir>', 'embedded store folder').env('REDLINE_DATA_DIR').default('.redline'));
}

export class TargetConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetConfigurationError';
  }
}

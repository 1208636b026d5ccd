// Starts moto server (a Python tool: `pip install "moto[server]"`) on a free loopback port, with
// SDK clients for its S3, SQS and DynamoDB.
import { spawn, spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { createClients, type AwsClients } from '../../lambdas/adapters/clients.ts';
import { freePort } from './dynamodb-local.ts';

export const MOTO_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' } as const;

export function motoAvailable(): boolean {
  return spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0;
}

export interface MotoServer {
  readonly endpoint: string;
  readonly clients: AwsClients;
  stop(): void;
}

export async function startMoto(): Promise<MotoServer> {
  if (!motoAvailable()) throw new Error('moto_server is not on PATH (pip install "moto[server]") or set REDLINE_SKIP_MOTO=1');
  const port = await freePort();
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  const clients = createClients({ region: 'us-east-1', s3Endpoint: endpoint, dynamodbEndpoint: endpoint, sqsEndpoint: endpoint, credentials: MOTO_CREDENTIALS });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await clients.s3.send(new ListBucketsCommand({}));
      break;
    } catch (error) {
      if (child.exitCode !== null || Date.now() > deadline) throw error;
      await sleep(200);
    }
  }
  return {
    endpoint,
    clients,
    stop: () => {
      clients.s3.destroy();
      clients.dynamodb.destroy();
      clients.sqs.destroy();
      child.kill();
    },
  };
}

// Use case: Redline's processor outside Lambda. Long-polls an SQS queue of S3 notifications and
// runs each batch through the same entry point as the Lambda function, with the same partial
// batch failure semantics: processed messages are deleted, failed ones become visible again and
// end in the queue's dead-letter queue after its maxReceiveCount.
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { IngestDeps } from './ingest.ts';
import { processIngestEvent, type EventLog, type SqsBatchResponse } from './process-event.ts';

export interface WorkerOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly deps: IngestDeps;
  readonly log: EventLog;
  /** Stop after this many consecutive empty polls (the `--drain` mode). */
  readonly drainAfterEmptyPolls?: number;
  /** Long-poll wait in seconds. @default 20 (1 when draining) */
  readonly waitTimeSeconds?: number;
  readonly signal?: AbortSignal;
}

export interface WorkerTotals {
  batches: number;
  messages: number;
  failed: number;
}

export async function runWorker(options: WorkerOptions): Promise<WorkerTotals> {
  const totals: WorkerTotals = { batches: 0, messages: 0, failed: 0 };
  const wait = options.waitTimeSeconds ?? (options.drainAfterEmptyPolls ? 1 : 20);
  let emptyPolls = 0;
  while (!options.signal?.aborted) {
    const received = await options.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: options.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: wait, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }),
      { abortSignal: options.signal },
    );
    const messages = received.Messages ?? [];
    if (messages.length === 0) {
      emptyPolls += 1;
      if (options.drainAfterEmptyPolls && emptyPolls >= options.drainAfterEmptyPolls) break;
      continue;
    }
    emptyPolls = 0;
    const event = { Records: messages.map((m) => ({ messageId: m.MessageId!, body: m.Body ?? '', eventSource: 'aws:sqs' as const })) };
    const response = (await processIngestEvent(event, options.deps, options.log)) as SqsBatchResponse;
    const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
    const done = messages.filter((m) => !failed.has(m.MessageId!));
    if (done.length > 0) {
      await options.sqs.send(
        new DeleteMessageBatchCommand({ QueueUrl: options.queueUrl, Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }),
      );
    }
    totals.batches += 1;
    totals.messages += messages.length;
    totals.failed += failed.size;
  }
  return totals;
}

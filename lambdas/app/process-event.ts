// Runs the ingest use case over one Lambda-style event: SQS batches of S3 notifications (with
// partial batch failures), direct S3 notifications, EventBridge S3 events and s3:TestEvent.
import { decodeS3Notification } from '../core/s3-events.ts';
import { keyForDisplay, storyKeyFor } from '../core/story-keys.ts';
import { ingestChange, type IngestDeps, type IngestOutcome } from './ingest.ts';

export interface EventLog {
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
  error(message: string, attributes?: Record<string, unknown>): void;
  /** Keys every following line carries until the next call: the S3 change being recorded. */
  focus?(keys: { readonly s3Key?: string; readonly s3VersionId?: string; readonly eventName?: string; readonly storyId?: string }): void;
}

export interface SqsBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

interface SqsMessage {
  messageId: string;
  body: string;
  eventSource: 'aws:sqs';
}

export function isSqsBatch(event: unknown): event is { Records: SqsMessage[] } {
  const records = (event as { Records?: unknown } | null)?.Records;
  return Array.isArray(records) && records.length > 0 && records.every((r) => (r as { eventSource?: unknown })?.eventSource === 'aws:sqs');
}

/** Decodes one notification payload and records every change in it, in order. */
export async function ingestNotification(payload: unknown, deps: IngestDeps, log: EventLog): Promise<IngestOutcome[]> {
  const decoded = decodeS3Notification(payload);
  const outcomes: IngestOutcome[] = decoded.ignored.map((ignored) => ({ outcome: 'ignored', reason: ignored.reason, detail: ignored.detail }));
  log.focus?.({});
  for (const outcome of outcomes) log.info(`revision ${outcome.outcome}`, { ...outcome });
  for (const change of decoded.changes) {
    const story = storyKeyFor(change.key, deps.config.storyPrefix);
    // The key as logs show it (escaped, truncated): a 1 MB key in a forged event stays one short line.
    log.focus?.({ s3Key: keyForDisplay(change.key), s3VersionId: change.versionId, eventName: change.eventName, storyId: story.kind === 'ignored' ? undefined : story.storyId });
    const changeOutcomes = await ingestChange(change, deps);
    for (const outcome of changeOutcomes) log.info(`revision ${outcome.outcome}`, { ...outcome });
    outcomes.push(...changeOutcomes);
  }
  return outcomes;
}

/**
 * The ingest entry point shared by Lambda, the embedded local mode and `redline worker`.
 * For an SQS batch it returns the messages that failed (and only those) so SQS retries them and
 * the dead-letter queue catches the ones that keep failing; other events throw on failure.
 */
export async function processIngestEvent(event: unknown, deps: IngestDeps, log: EventLog): Promise<SqsBatchResponse | IngestOutcome[]> {
  if (!isSqsBatch(event)) return ingestNotification(event, deps, log);
  const response: SqsBatchResponse = { batchItemFailures: [] };
  for (const message of event.Records) {
    try {
      await ingestNotification(JSON.parse(message.body), deps, log);
    } catch (error) {
      log.error('message failed; SQS will retry it', { messageId: message.messageId, error: errorDetail(error) });
      response.batchItemFailures.push({ itemIdentifier: message.messageId });
    }
  }
  return response;
}

export function errorDetail(error: unknown): Record<string, unknown> {
  return error instanceof Error ? { name: error.name, message: error.message } : { message: String(error) };
}

// One decoder for every S3 notification shape Redline accepts: direct S3 → Lambda records,
// S3 → SQS message bodies, S3 → EventBridge events, and the s3:TestEvent S3 sends on setup.
import { keyForDisplay } from './story-keys.ts';
import { UnrecognizedEventError } from './errors.ts';

/** A change S3 applied to one object, as reported by a notification. Keys are decoded. */
export interface ObjectChange {
  /**
   * `restored`: S3 finished restoring an archived version (`ObjectRestore:Completed`): a version
   * the ledger holds as rejected `archived` can now be read and recorded in its place.
   */
  readonly change: 'created' | 'removed' | 'restored';
  /** S3's event name without the `s3:` prefix, e.g. `ObjectCreated:Put`. */
  readonly eventName: string;
  readonly eventTime: string;
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
  readonly sequencer?: string;
  readonly eTag?: string;
  readonly size?: number;
  /** Who made the request, as S3 reports it (IAM principal id or account). */
  readonly principalId?: string;
  readonly sourceIp?: string;
}

/** A notification that is deliberately not recorded, with the reason (logged and counted). */
export interface IgnoredNotification {
  readonly reason: 'test-event' | 'not-a-content-change';
  readonly detail: string;
}

export interface DecodedNotifications {
  readonly changes: ObjectChange[];
  readonly ignored: IgnoredNotification[];
}

/** Decodes an S3 object key as S3 writes it into notifications (URL-encoded, space as `+`). */
export function decodeS3Key(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}

/** Encodes a key the way S3 does in notifications; used where Redline emits S3-format events. */
export function encodeS3Key(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/gi, '/');
}

const CREATED = /^ObjectCreated:/;
const REMOVED = /^(ObjectRemoved:|LifecycleExpiration:)/;
// Only completion: `ObjectRestore:Post` (requested) and `:Delete` (the copy expired) change nothing readable.
const RESTORED = /^ObjectRestore:Completed$/;

function classify(eventName: string): ObjectChange['change'] | undefined {
  if (CREATED.test(eventName)) return 'created';
  if (REMOVED.test(eventName)) return 'removed';
  if (RESTORED.test(eventName)) return 'restored';
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function fromS3Record(record: Record<string, unknown>, out: DecodedNotifications): void {
  const rawName = str(record.eventName);
  const s3 = record.s3;
  if (!rawName || !isRecord(s3) || !isRecord(s3.bucket) || !isRecord(s3.object)) {
    throw new UnrecognizedEventError('S3 record lacks eventName, s3.bucket or s3.object');
  }
  const eventName = rawName.replace(/^s3:/, '');
  const change = classify(eventName);
  const bucket = str(s3.bucket.name);
  const rawKey = str(s3.object.key);
  if (!bucket || rawKey === undefined) {
    throw new UnrecognizedEventError('S3 record lacks s3.bucket.name or s3.object.key');
  }
  let key: string;
  try {
    key = decodeS3Key(rawKey);
  } catch {
    throw new UnrecognizedEventError(`S3 record key is not valid URL encoding: "${keyForDisplay(rawKey)}"`);
  }
  if (!change) {
    out.ignored.push({ reason: 'not-a-content-change', detail: `${eventName} on s3://${bucket}/${keyForDisplay(key)}` });
    return;
  }
  const identity = isRecord(record.userIdentity) ? record.userIdentity : {};
  const request = isRecord(record.requestParameters) ? record.requestParameters : {};
  out.changes.push({
    change,
    eventName,
    eventTime: str(record.eventTime) ?? new Date(0).toISOString(),
    bucket,
    key,
    versionId: str(s3.object.versionId),
    sequencer: str(s3.object.sequencer),
    eTag: str(s3.object.eTag),
    size: num(s3.object.size),
    principalId: str(identity.principalId),
    sourceIp: str(request.sourceIPAddress),
  });
}

const EVENTBRIDGE_CREATED = 'Object Created';
const EVENTBRIDGE_REMOVED = 'Object Deleted';
const EVENTBRIDGE_RESTORED = 'Object Restore Completed';

function fromEventBridge(event: Record<string, unknown>, out: DecodedNotifications): void {
  const detailType = str(event['detail-type']) ?? '';
  const detail = event.detail;
  if (!isRecord(detail) || !isRecord(detail.bucket) || !isRecord(detail.object)) {
    throw new UnrecognizedEventError('EventBridge S3 event lacks detail.bucket or detail.object');
  }
  const bucket = str(detail.bucket.name);
  const key = str(detail.object.key);
  if (!bucket || key === undefined) {
    throw new UnrecognizedEventError('EventBridge S3 event lacks bucket name or object key');
  }
  const change =
    detailType === EVENTBRIDGE_CREATED ? 'created' : detailType === EVENTBRIDGE_REMOVED ? 'removed' : detailType === EVENTBRIDGE_RESTORED ? 'restored' : undefined;
  if (!change) {
    out.ignored.push({ reason: 'not-a-content-change', detail: `${detailType} on s3://${bucket}/${keyForDisplay(key)}` });
    return;
  }
  const deletionType = str(detail['deletion-type']);
  out.changes.push({
    change,
    // EventBridge keys are not URL-encoded; the names mirror the S3-notification vocabulary.
    eventName:
      change === 'created'
        ? `ObjectCreated:${str(detail.reason) ?? 'Put'}`
        : change === 'restored'
          ? 'ObjectRestore:Completed'
          : deletionType === 'Delete Marker Created'
          ? 'ObjectRemoved:DeleteMarkerCreated'
          : 'ObjectRemoved:Delete',
    eventTime: str(event.time) ?? new Date(0).toISOString(),
    bucket,
    key,
    versionId: str(detail.object['version-id']),
    sequencer: str(detail.object.sequencer),
    eTag: str(detail.object.etag),
    size: num(detail.object.size),
    principalId: str(detail.requester),
    sourceIp: str(detail['source-ip-address']),
  });
}

/**
 * Decodes one S3 notification payload (the body of an SQS message, a direct Lambda event, or an
 * EventBridge event). Throws UnrecognizedEventError for anything else.
 */
export function decodeS3Notification(payload: unknown): DecodedNotifications {
  const out: DecodedNotifications = { changes: [], ignored: [] };
  if (!isRecord(payload)) throw new UnrecognizedEventError('notification is not a JSON object');
  if (payload.Event === 's3:TestEvent') {
    out.ignored.push({ reason: 'test-event', detail: `s3:TestEvent for bucket ${String(payload.Bucket)}` });
    return out;
  }
  if (payload.source === 'aws.s3' && 'detail' in payload) {
    fromEventBridge(payload, out);
    return out;
  }
  if (!Array.isArray(payload.Records)) {
    throw new UnrecognizedEventError('notification has neither Records, an EventBridge detail, nor Event');
  }
  for (const record of payload.Records) {
    if (!isRecord(record) || record.eventSource !== 'aws:s3') {
      throw new UnrecognizedEventError('a record in Records is not an aws:s3 record');
    }
    fromS3Record(record, out);
  }
  return out;
}

/** Compares two S3 sequencers for the same key: negative when `a` happened first. */
export function compareSequencers(a: string, b: string): number {
  const width = Math.max(a.length, b.length);
  const left = a.toUpperCase().padEnd(width, '0');
  const right = b.toUpperCase().padEnd(width, '0');
  return left < right ? -1 : left > right ? 1 : 0;
}

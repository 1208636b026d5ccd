// Writes Redline's own manifest of a bucket's story versions for the distributed backfill: one
// headerless CSV row per version or delete marker in the S3 Inventory columns (keys URL-encoded as
// S3 Inventory writes them), so the state machine reads it like an inventory report.
import { ListObjectVersionsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { inventoryCsvLine } from '../core/inventory.ts';
import { encodeS3Key } from '../core/s3-events.ts';

export interface VersionListing {
  readonly rows: number;
  readonly keys: number;
  readonly bytes: number;
}

export async function writeVersionListing(
  s3: S3Client,
  options: { readonly bucket: string; readonly prefix: string; readonly to: { readonly bucket: string; readonly key: string } },
): Promise<VersionListing> {
  const lines: string[] = [];
  const keys = new Set<string>();
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  do {
    const page = await s3.send(new ListObjectVersionsCommand({ Bucket: options.bucket, Prefix: options.prefix, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }));
    const entries = [
      ...(page.Versions ?? []).map((version) => ({ ...version, isDeleteMarker: false })),
      ...(page.DeleteMarkers ?? []).map((marker) => ({ ...marker, Size: undefined, isDeleteMarker: true })),
    ].sort((a, b) => (a.Key! < b.Key! ? -1 : a.Key! > b.Key! ? 1 : 0));
    for (const entry of entries) {
      if (!entry.Key) continue;
      keys.add(entry.Key);
      lines.push(
        inventoryCsvLine(
          {
            bucket: options.bucket,
            key: entry.Key,
            ...(entry.VersionId && entry.VersionId !== 'null' ? { versionId: entry.VersionId } : {}),
            isLatest: entry.IsLatest === true,
            isDeleteMarker: entry.isDeleteMarker,
            ...(entry.Size !== undefined ? { size: entry.Size } : {}),
            lastModified: (entry.LastModified ?? new Date(0)).toISOString(),
          },
          encodeS3Key,
        ),
      );
    }
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (keyMarker);
  const body = lines.length > 0 ? `${lines.join('\n')}\n` : '';
  await s3.send(new PutObjectCommand({ Bucket: options.to.bucket, Key: options.to.key, Body: body, ContentType: 'text/csv' }));
  return { rows: lines.length, keys: keys.size, bytes: Buffer.byteLength(body) };
}

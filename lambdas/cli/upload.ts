// `redline upload`: puts one revision of a story into the upload bucket, as a CMS would.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { FORMAT_BY_EXTENSION, storyObjectKey } from '../core/story-keys.ts';
import { REVISION_FORMAT_REGISTRY } from '../core/vocabulary.ts';

export interface UploadRequest {
  readonly file: string;
  readonly storyId: string;
  readonly editor?: string;
  readonly note?: string;
  readonly bucket: string;
  readonly storyPrefix: string;
}

/** HTTP headers carry ASCII; non-ASCII editor names and notes travel URI-encoded. */
export function uploadMetadata(editor: string | undefined, note: string | undefined): Record<string, string> {
  const fields = { ...(editor ? { editor } : {}), ...(note ? { note } : {}) };
  const needsEncoding = Object.values(fields).some((value) => /[^\x20-\x7e]/.test(value));
  if (!needsEncoding) return fields;
  return { ...Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, encodeURIComponent(value)])), 'redline-encoding': 'uri' };
}

export async function uploadRevision(s3: S3Client, request: UploadRequest): Promise<{ key: string; versionId?: string; etag?: string }> {
  const extension = extname(request.file).slice(1).toLowerCase() || 'txt';
  const key = storyObjectKey(request.storyId, extension, request.storyPrefix);
  const body = await readFile(request.file);
  const format = FORMAT_BY_EXTENSION[extension];
  const result = await s3.send(
    new PutObjectCommand({
      Bucket: request.bucket,
      Key: key,
      Body: body,
      ContentType: format ? REVISION_FORMAT_REGISTRY[format].contentType : 'application/octet-stream',
      Metadata: uploadMetadata(request.editor, request.note),
    }),
  );
  return { key, versionId: result.VersionId, etag: result.ETag?.replace(/"/g, '') };
}

// The LargeAnswers port on S3: the query API's answer bucket (objects expire after a day) and
// presigned GET URLs, so an answer over the function URL's 6 MB limit is read from S3 instead.
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { LargeAnswers } from '../ports.ts';

/** How long a presigned answer URL reads the answer. */
export const ANSWER_URL_SECONDS = 15 * 60;

export class S3LargeAnswers implements LargeAnswers {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly clock: () => Date = () => new Date(),
    private readonly expiresInSeconds = ANSWER_URL_SECONDS,
  ) {}

  async publish(answer: { readonly key: string; readonly body: Uint8Array; readonly contentType: string }): Promise<{ url: string; expiresAt: Date }> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: answer.key, Body: answer.body, ContentType: answer.contentType, ContentLength: answer.body.byteLength }));
    const signedAt = this.clock();
    const url = await getSignedUrl(this.s3, new GetObjectCommand({ Bucket: this.bucket, Key: answer.key }), { expiresIn: this.expiresInSeconds, signingDate: signedAt });
    return { url, expiresAt: new Date(signedAt.getTime() + this.expiresInSeconds * 1000) };
  }
}

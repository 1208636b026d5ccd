// Keeps every signed checkpoint in a write-once bucket (S3 Object Lock): checkpoints/<size>.txt,
// plus checkpoints/latest.txt (a new object version each time) for witnesses that poll one key.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { CheckpointPublisher, LogState } from '../ports.ts';

export const checkpointObjectKey = (size: number) => `checkpoints/${size.toString().padStart(13, '0')}.txt`;

export class S3CheckpointPublisher implements CheckpointPublisher {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async publish(state: LogState): Promise<void> {
    for (const key of [checkpointObjectKey(state.size), 'checkpoints/latest.txt']) {
      await this.s3.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: state.checkpoint, ContentType: 'text/plain; charset=utf-8', ChecksumAlgorithm: 'SHA256' }),
      );
    }
  }
}

// Fixed names and credentials of the embedded store, apart from embedded.ts so that a client of a
// running `redline start` does not load the stand-ins (s3rver, dynalite) just to learn them.

/** Credentials the embedded S3 stand-in accepts (give them to `aws s3 cp` too). */
export const EMBEDDED_CREDENTIALS = { accessKeyId: 'redline', secretAccessKey: 'redline' } as const;

export const EMBEDDED_NAMES = {
  uploadBucket: 'redline-uploads',
  archiveBucket: 'redline-archive',
  tableName: 'redline-ledger',
  region: 'us-east-1',
} as const;

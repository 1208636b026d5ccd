// Which key signs the log's checkpoints from the CLI: a KMS key (AWS) or the data folder's key file.
import type { NoteSigner } from '../core/checkpoint.ts';
import { LocalKeySigner } from '../adapters/local-signer.ts';
import { TargetConfigurationError } from './target.ts';

export interface SignerOptions {
  dataDir: string;
  kmsKeyId?: string;
  logOrigin?: string;
  region?: string;
}

export async function openLogSigner(options: SignerOptions): Promise<NoteSigner> {
  if (options.kmsKeyId) {
    if (!options.logOrigin) throw new TargetConfigurationError('--kms-key-id needs --log-origin (the name the log signs as)');
    const { KmsNoteSigner } = await import('../adapters/kms-signer.ts');
    return KmsNoteSigner.create({ keyId: options.kmsKeyId, name: options.logOrigin, region: options.region ?? process.env.AWS_REGION ?? 'us-east-1' });
  }
  return LocalKeySigner.openOrCreate(options.dataDir, options.logOrigin ? { origin: options.logOrigin } : {});
}

// The log's signing key on AWS: a KMS key of spec ECC_NIST_EDWARDS25519 (sign/verify only; the
// private half never leaves KMS). Pure Ed25519 is KMS's ED25519_SHA_512 with MessageType RAW.
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { createPublicKey } from 'node:crypto';
import type { NoteSigner } from '../core/checkpoint.ts';

export class KmsNoteSigner implements NoteSigner {
  private publicKeyBytes: Promise<Uint8Array> | undefined;

  constructor(
    private readonly kms: KMSClient,
    private readonly keyId: string,
    readonly name: string,
  ) {}

  static create(options: { keyId: string; name: string; region: string; endpoint?: string }): KmsNoteSigner {
    return new KmsNoteSigner(new KMSClient({ region: options.region, ...(options.endpoint ? { endpoint: options.endpoint } : {}) }), options.keyId, options.name);
  }

  publicKey(): Promise<Uint8Array> {
    this.publicKeyBytes ??= this.kms.send(new GetPublicKeyCommand({ KeyId: this.keyId })).then((result) => {
      if (result.KeySpec !== 'ECC_NIST_EDWARDS25519' || !result.PublicKey) throw new Error(`KMS key ${this.keyId} is ${result.KeySpec ?? 'unknown'}, not ECC_NIST_EDWARDS25519`);
      // KMS returns a DER SubjectPublicKeyInfo; the note key is the raw 32 bytes.
      const jwk = createPublicKey({ key: Buffer.from(result.PublicKey), format: 'der', type: 'spki' }).export({ format: 'jwk' });
      return Buffer.from(jwk.x!, 'base64url');
    });
    return this.publicKeyBytes;
  }

  async sign(message: Uint8Array): Promise<Uint8Array> {
    const result = await this.kms.send(new SignCommand({ KeyId: this.keyId, Message: message, MessageType: 'RAW', SigningAlgorithm: 'ED25519_SHA_512' }));
    if (!result.Signature) throw new Error(`KMS returned no signature for key ${this.keyId}`);
    return result.Signature;
  }
}

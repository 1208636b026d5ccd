// The log's signing key outside AWS: an Ed25519 key file in the data folder, made on first use
// (mode 0600), holding the log's origin (the note key name) and the PKCS#8 private key.
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NoteSigner } from '../core/checkpoint.ts';

export const LOG_KEY_FILE = 'log-signing-key.json';

interface KeyFile {
  readonly origin: string;
  readonly privateKey: string;
}

export class LogKeyFileError extends Error {
  constructor(file: string, problem: string) {
    super(`the log signing key ${file} ${problem}`);
    this.name = 'LogKeyFileError';
  }
}

export class LocalKeySigner implements NoteSigner {
  private constructor(
    readonly name: string,
    private readonly key: KeyObject,
    readonly file: string,
    /** Whether this call made the key file. */
    readonly created: boolean,
  ) {}

  /** Opens the data folder's key file, or makes one for a new log called `origin` (default `localhost/redline/<random>`). */
  static openOrCreate(dataDir: string, options: { origin?: string } = {}): LocalKeySigner {
    const file = join(resolve(dataDir), LOG_KEY_FILE);
    if (!existsSync(file)) {
      mkdirSync(resolve(dataDir), { recursive: true });
      const { privateKey } = generateKeyPairSync('ed25519');
      const origin = options.origin ?? `localhost/redline/${randomBytes(4).toString('hex')}`;
      const contents: KeyFile = { origin, privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() };
      writeFileSync(file, `${JSON.stringify(contents, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
      chmodSync(file, 0o600);
      return new LocalKeySigner(origin, privateKey, file, true);
    }
    if ((statSync(file).mode & 0o077) !== 0) throw new LogKeyFileError(file, 'is readable by others: chmod 600 it');
    let parsed: KeyFile;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
    } catch {
      throw new LogKeyFileError(file, 'is not JSON');
    }
    if (typeof parsed.origin !== 'string' || typeof parsed.privateKey !== 'string') throw new LogKeyFileError(file, 'lacks origin or privateKey');
    const key = createPrivateKey(parsed.privateKey);
    if (key.asymmetricKeyType !== 'ed25519') throw new LogKeyFileError(file, 'is not an Ed25519 key');
    if (options.origin !== undefined && options.origin !== parsed.origin) throw new LogKeyFileError(file, `signs log "${parsed.origin}", not "${options.origin}"`);
    return new LocalKeySigner(parsed.origin, key, file, false);
  }

  async publicKey(): Promise<Uint8Array> {
    const jwk = createPublicKey(this.key).export({ format: 'jwk' });
    return Buffer.from(jwk.x!, 'base64url');
  }

  async sign(message: Uint8Array): Promise<Uint8Array> {
    return sign(null, message, this.key);
  }
}

import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const SIGNING_KEY_FILE = 'export-signing-key.pem';

/** The server's Ed25519 key that signs export manifests. */
export interface SigningKey {
  algorithm: 'Ed25519';
  /** First 16 hex digits of the SHA-256 of the public key (DER, SPKI): names the key in manifests. */
  keyId: string;
  publicKeyPem: string;
  sign(data: Buffer): string;
}

/** A public key that checks signatures (the server's own, or one read from a PEM file for offline checks). */
export interface VerifyingKey {
  keyId: string;
  publicKeyPem: string;
  verify(data: Buffer, signatureBase64: string): boolean;
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

export function verifyingKeyOf(publicKeyPem: string): VerifyingKey {
  const publicKey = createPublicKey(publicKeyPem);
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error('the public key is not an Ed25519 key');
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return {
    keyId: keyIdOf(publicKey),
    publicKeyPem: pem,
    verify: (data, signatureBase64) => {
      const signature = Buffer.from(signatureBase64, 'base64');
      return signature.length === 64 && verify(null, data, publicKey, signature);
    },
  };
}

function fromPrivate(privateKey: KeyObject): SigningKey & VerifyingKey {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('the export signing key is not an Ed25519 key');
  const publicKey = createPublicKey(privateKey);
  const verifying = verifyingKeyOf(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  return {
    algorithm: 'Ed25519',
    ...verifying,
    sign: (data) => sign(null, data, privateKey).toString('base64'),
  };
}

/** Reads <dataDir>/export-signing-key.pem, creating it (mode 0600) on first use. */
export function loadSigningKey(dataDir: string): SigningKey & VerifyingKey {
  const file = path.join(dataDir, SIGNING_KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    try {
      writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      // Another process created it first: use theirs.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  chmodSync(file, 0o600);
  return fromPrivate(createPrivateKey(readFileSync(file)));
}

/** The public half of the key in <dataDir>, without creating one; null when there is none. */
export function readVerifyingKey(dataDir: string): VerifyingKey | null {
  const file = path.join(dataDir, SIGNING_KEY_FILE);
  if (!existsSync(file)) return null;
  return fromPrivate(createPrivateKey(readFileSync(file)));
}

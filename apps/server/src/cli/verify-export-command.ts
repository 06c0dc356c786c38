import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load';
import { verifyManifest } from '../features/exports/manifest';
import { readVerifyingKey, verifyingKeyOf, type VerifyingKey } from '../features/exports/signing-key';

/** `argus verify-export FILE MANIFEST [--public-key PEM]`: 0 untouched, 1 changed, 2 usage error. */
export async function verifyExport(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { 'public-key': { type: 'string' } }, allowPositionals: true, strict: true });
  const [file, manifestFile] = positionals;
  if (!file || !manifestFile || positionals.length !== 2) {
    console.error('argus verify-export: usage: argus verify-export FILE MANIFEST [--public-key PEM]');
    return 2;
  }
  for (const f of [file, manifestFile, ...(values['public-key'] ? [values['public-key']] : [])]) {
    if (!(await stat(f).then((st) => st.isFile(), () => false))) {
      console.error(`argus verify-export: ${f} is not a readable file`);
      return 2;
    }
  }
  let key: VerifyingKey | null;
  if (values['public-key']) {
    key = verifyingKeyOf(await readFile(values['public-key'], 'utf8'));
  } else {
    key = readVerifyingKey(loadConfig().dataDir);
    if (!key) {
      console.error('argus verify-export: no signing key in the data folder; pass --public-key (saved from GET /api/exports/public-key)');
      return 2;
    }
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
  } catch (err) {
    console.log(`INVALID: the manifest is not readable JSON (${(err as Error).message})`);
    return 1;
  }
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  const size = (await stat(file)).size;
  const result = verifyManifest(manifest, key, { sha256: hash.digest('hex'), size });
  if (result.valid) {
    const m = manifest as { camera?: { name?: string }; actualRange?: { start?: string; end?: string } };
    console.log(`VALID: ${file} is the export of ${m.camera?.name ?? '?'} from ${m.actualRange?.start ?? '?'} to ${m.actualRange?.end ?? '?'}, signed by key ${result.keyId}`);
    return 0;
  }
  console.log(`INVALID: ${result.problems.join('; ')}`);
  return 1;
}

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { configDocs } from '../../../scripts/generate-config-docs';
import { currentOpenApi, typesFor } from '../../../scripts/generate-sdk';

const root = path.resolve(import.meta.dirname, '../../..');

describe('generated artifacts are current', () => {
  it('packages/sdk matches the route schemas (run `npm run gen:sdk`)', async () => {
    const doc = await currentOpenApi();
    assert.equal(await readFile(path.join(root, 'packages/sdk/openapi.json'), 'utf8'), doc);
    assert.equal(await readFile(path.join(root, 'packages/sdk/src/schema.d.ts'), 'utf8'), await typesFor(doc));
    const parsed = JSON.parse(doc) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    for (const [p, ops] of Object.entries(parsed.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        assert.ok(Object.keys(op.responses).some((s) => s.startsWith('2')), `${method.toUpperCase()} ${p} documents its success response`);
      }
    }
  });
  it('docs/configuration.md matches the config schema (run `npm run gen:docs`)', async () => {
    assert.equal(await readFile(path.join(root, 'docs/configuration.md'), 'utf8'), configDocs());
  });
});

import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

/**
 * Request validation. JSON bodies are checked strictly (no type coercion: `{"name": 42}` is a wrong type, not "42");
 * query strings and path parameters are text by nature, so they are coerced to the declared types, and any number
 * that comes out non-finite ("Infinity", "1e309") is rejected by `rejectNonFinite`.
 */
export function validatorCompiler(): FastifySchemaCompiler<unknown> {
  const base: Options = { removeAdditional: false, useDefaults: true, allErrors: false, strict: false };
  const strict = new Ajv({ ...base, coerceTypes: false });
  const coercing = new Ajv({ ...base, coerceTypes: 'array' });
  for (const ajv of [strict, coercing]) addFormats(ajv);
  return ({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema as object);
}

/** JSON pointer of the first non-finite number in a value, or null. */
export function firstNonFinite(value: unknown, at: string): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : at;
  if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const found = firstNonFinite(inner, `${at}/${key}`);
      if (found) return found;
    }
  }
  return null;
}

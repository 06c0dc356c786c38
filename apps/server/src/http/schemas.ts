import { Type, type TSchema } from 'typebox';

/** Shared pieces of route schemas. Bodies are closed (`additionalProperties: false`): unknown fields are rejected. */
export const Id = Type.String({ minLength: 3, maxLength: 64, pattern: '^[a-z]{3}_[0-9a-z]+$', description: 'Resource id' });
export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });
export const Timestamp = Type.String({ description: 'ISO-8601 UTC time', maxLength: 40 });
export const Name = Type.String({ minLength: 1, maxLength: 120, pattern: '\\S' });
export const Description = Type.String({ maxLength: 2000 });

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'Stable error code from the catalogue' }),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    correlationId: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { $id: 'Problem', additionalProperties: true },
);

/** Standard error responses for a route, referenced from the OpenAPI document. */
export function errorResponses(...statuses: number[]): Record<number, TSchema> {
  const out: Record<number, TSchema> = {};
  for (const s of [400, 401, ...statuses]) out[s] = Type.Ref('Problem');
  return out;
}

export const Closed = { additionalProperties: false } as const;

import { branches, enumOf, resolve, typesOf, type OpenApiDoc, type Schema } from './openapi';

/** Real ids the generator may put into bodies and queries (all of them throwaway "victims", never sentinels). */
export interface ValueIds {
  domainId: string;
  cameraId: string;
  groupId: string;
  userId: string;
}

/** Values that satisfy common field names better than a schema alone can (URLs, passwords, ids). */
function byName(name: string, ids: ValueIds): unknown {
  switch (name) {
    case 'domainId':
    case 'parentId':
      return ids.domainId;
    case 'groupIds':
      return [ids.groupId];
    case 'cameraIds':
      return [ids.cameraId];
    case 'actorId':
    case 'userId':
      return ids.userId;
    case 'targetId':
      return ids.cameraId;
    case 'mainUrl':
      return 'rtsp://127.0.0.1:9/fuzz-main';
    case 'subUrl':
      return 'rtsp://127.0.0.1:9/fuzz-sub';
    case 'password':
    case 'currentPassword':
      return 'fuzz-password-0123';
    case 'username':
      return 'fuzz-base-user';
    case 'token':
      return 'argus_setup_not_the_token';
    case 'role':
      return 'viewer';
    case 'format':
      return 'csv';
    case 'content':
      return 'name,kind,main_url\nfuzz-import,rtsp,rtsp://127.0.0.1:9/fuzz-import';
    case 'dryRun':
      return true;
    case 'grants':
      return [{ domainId: ids.domainId, role: 'viewer' }];
    case 'tags':
      return ['fuzz'];
    case 'location':
      return { latitude: 1.5, longitude: 2.5, address: 'fuzz street' };
    case 'expiresInDays':
      return 1;
    case 'stream':
      return 'main';
    default:
      return undefined;
  }
}

function validString(s: Schema): string {
  if (s.format === 'date-time') return new Date(Date.UTC(2026, 0, 1)).toISOString();
  const min = s.minLength ?? 0;
  const candidates = ['fuzz', 'fuzz1', 'abc_fuzz', 'a1', 'x'.repeat(Math.max(min, 1))];
  const re = s.pattern ? new RegExp(s.pattern) : null;
  for (const c of candidates) {
    if (c.length >= min && (s.maxLength === undefined || c.length <= s.maxLength) && (!re || re.test(c))) return c;
  }
  return 'fuzz';
}

/** A value the schema (very probably) accepts; field names steer it towards values the services accept too. */
export function validValue(doc: OpenApiDoc, schema: Schema, ids: ValueIds, name = ''): unknown {
  const named = byName(name, ids);
  if (named !== undefined) return named;
  const s = resolve(doc, schema);
  const en = enumOf(doc, s);
  if (en) return en[0];
  const first = branches(doc, s).find((b) => b.type !== 'null') ?? s;
  const type: string = (Array.isArray(first.type) ? first.type[0] : first.type) ?? (first.properties ? 'object' : 'string');
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(first.properties ?? {})) out[k] = validValue(doc, v, ids, k);
      return out;
    }
    case 'array':
      return first.items ? [validValue(doc, first.items, ids, name)] : [];
    case 'integer':
    case 'number':
      return first.minimum ?? (typeof first.default === 'number' ? first.default : 1);
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return validString(first);
  }
}

function coercible(type: string, value: unknown): boolean {
  if (Array.isArray(value)) {
    if (type === 'array') return true;
    return value.length === 1 && coercible(type, value[0]);
  }
  const isObject = typeof value === 'object' && value !== null;
  switch (type) {
    case 'object':
      return isObject;
    case 'array':
      return !isObject;
    case 'string':
      return !isObject;
    case 'number':
    case 'integer': {
      let n: number;
      if (typeof value === 'number') n = value;
      else if (typeof value === 'boolean' || value === null) n = 0;
      else if (typeof value === 'string' && value !== '' && Number(value) == (value as unknown as number)) n = Number(value);
      else return false;
      return Number.isFinite(n) && (type === 'number' || Number.isInteger(n));
    }
    case 'boolean':
      return typeof value === 'boolean' || value === null || value === 'true' || value === 'false' || value === 0 || value === 1;
    case 'null':
      return value === null || value === '' || value === 0 || value === false;
    default:
      return true;
  }
}

/**
 * True when the server must refuse `value` for `schema` whatever it does. The server coerces scalars (ajv
 * coerceTypes: 'array'), so this follows ajv's coercion rules and only claims what no coercion can repair.
 */
export function surelyInvalid(doc: OpenApiDoc, schema: Schema, value: unknown): boolean {
  const alts = branches(doc, schema);
  if (alts.some((b) => !b.type && !b.properties && !b.enum && !('const' in b))) return false;
  const en = enumOf(doc, schema);
  if (en) {
    const item = Array.isArray(value) && value.length === 1 ? value[0] : value;
    if (typeof item === 'object' && item !== null) return true;
    if (item === null && typesOf(doc, schema).has('null')) return false;
    return !en.map(String).includes(String(item ?? ''));
  }
  return alts.every((b) => {
    const type = Array.isArray(b.type) ? b.type[0] ?? 'string' : b.type ?? 'object';
    if (!coercible(type, value)) return true;
    if (typeof value === 'string' && type === 'string' && b.maxLength !== undefined && [...value].length > b.maxLength) return true;
    if (typeof value === 'number' && (type === 'number' || type === 'integer')) {
      if (b.minimum !== undefined && value < b.minimum) return true;
      if (b.maximum !== undefined && value > b.maximum) return true;
    }
    return false;
  });
}

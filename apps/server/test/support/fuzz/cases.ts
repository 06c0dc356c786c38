import {
  BAD_AUTHORIZATION,
  BAD_COOKIES,
  BAD_PATH_IDS,
  BAD_QUERY_VALUES,
  GARBAGE_QUERIES,
  MALFORMED_JSON,
  NASTY_DATES,
  NASTY_URLS,
  NON_OBJECT_BODIES,
  wrongTypeValues,
} from './corpus';
import { branches, collectionOf, fillPath, resolve, type OpenApiDoc, type Operation, type Schema } from './openapi';
import type { Rng } from './prng';
import type { RawRequest } from './raw-client';
import { surelyInvalid, validValue, type ValueIds } from './values';

/** 'reject': any 4xx; 'any': anything but 5xx; a list: exactly one of these statuses. */
export type Expectation = 'reject' | 'any' | readonly number[];

export interface FuzzCase {
  n: number;
  family: string;
  op: string;
  as: 'admin' | 'anonymous';
  req: RawRequest;
  expect: Expectation;
  /** What was changed, for the failure report (e.g. `mainUrl = "rtsp://%ZZ@…"`). */
  note?: string;
  /** The problem's correlationId must echo this request header; with a leading '!', it must not. */
  correlation?: string;
}

/** What the generator needs to know about the running server. */
export interface FuzzTargets {
  ids: ValueIds;
  /** Path id that only must-reject requests may name (its row must never change). */
  sentinelFor(collection: string | null): string;
  /** Path id reserved for one operation's possibly-accepted requests. */
  victimFor(op: Operation): string;
  /** An existing id of another collection (for "wrong kind of id" cases). */
  foreignKindFor(collection: string | null): string;
  isPublic(op: Operation): boolean;
}

const JSON_CT = { 'content-type': 'application/json' };
const MIB = 1024 * 1024;
/** Operations whose body is a raw file (video/* or application/octet-stream), not JSON. */
const RAW_BODY_OPS: ReadonlySet<string> = new Set(['POST /api/analysis/uploads']);
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const ALL_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE'];
const UNKNOWN_FIELDS = ['isAdmin', 'id', 'createdAt', 'domain_id', '', '💥', 'a'.repeat(1000), 'role', 'permissions', '$where'];

function isMalformed(text: string): boolean {
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
}

function encodeQueryValue(v: string): string {
  // Corpus values are partly pre-encoded (%00, %ZZ): keep '%' as is, escape what node would refuse on the wire.
  return v.replace(/[^\x21-\x7e]/g, (c) => encodeURIComponent(c)).replace(/[#&]/g, (c) => encodeURIComponent(c));
}

function snippet(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 60)}…(${s.length})` : s;
}

export function describeCase(c: FuzzCase): string {
  const ct = c.req.headers?.['content-type'];
  const auth = c.req.headers?.authorization;
  const body = c.req.body === undefined ? '' : ` body=${JSON.stringify(snippet(c.req.body.toString()))}`;
  const note = c.note ? ` {${c.note}}` : '';
  return `#${c.n} [${c.family}]${note} as ${c.as} ${c.req.method} ${c.req.path.length > 120 ? `${c.req.path.slice(0, 120)}…` : c.req.path}${ct ? ` ct=${String(ct)}` : ''}${auth ? ` auth=${JSON.stringify(snippet(String(auth)))}` : ''}${body}`;
}

/** Generates the bad requests for every operation; deterministic for one seed and one OpenAPI document. */
export function generateCases(doc: OpenApiDoc, ops: readonly Operation[], targets: FuzzTargets, rng: Rng): FuzzCase[] {
  const out: FuzzCase[] = [];
  const add = (c: Omit<FuzzCase, 'n' | 'as'> & { as?: FuzzCase['as'] }) => out.push({ as: 'admin', ...c, n: out.length });

  for (const op of ops) {
    const collection = collectionOf(op.path);
    const hasId = op.pathParams.some((p) => p.name === 'id');
    const sentinelPath = fillPath(op.path, hasId ? { id: targets.sentinelFor(collection) } : {});
    const victimPath = fillPath(op.path, hasId ? { id: targets.victimFor(op) } : {});
    const protectedOp = !targets.isPublic(op);
    const bodySchema = op.body ? resolve(doc, op.body.schema) : undefined;
    const base = bodySchema ? (validValue(doc, bodySchema, targets.ids) as Record<string, unknown>) : undefined;
    const baseText = base === undefined ? undefined : JSON.stringify(base);
    const withBody = BODY_METHODS.has(op.method);
    const key = op.key;

    // Path ids: malformed, too long, SQL-ish, traversal, NUL, broken escapes, and ids of the wrong kind.
    if (hasId) {
      for (const bad of rng.sample(BAD_PATH_IDS, 14)) {
        add({ family: 'path-id', op: key, req: { method: op.method, path: fillPath(op.path, { id: bad }), ...(withBody && baseText ? { headers: JSON_CT, body: baseText } : {}) }, expect: 'reject' });
      }
      // An id of another kind is unknown here (404) — unless the request is refused first for a required query
      // parameter or a body field with a pattern the generated value may miss (400).
      const validatedFirst = op.query.some((q) => q.required) || (bodySchema !== undefined && JSON.stringify(bodySchema).includes('"pattern"'));
      add({ family: 'path-id-kind', op: key, req: { method: op.method, path: fillPath(op.path, { id: targets.foreignKindFor(collection) }), ...(withBody && baseText ? { headers: JSON_CT, body: baseText } : {}) }, expect: validatedFirst ? [400, 404] : [404] });
    }

    // No credentials, bad Authorization headers, garbage cookies.
    const plain: RawRequest = { method: op.method, path: sentinelPath, ...(withBody && baseText ? { headers: JSON_CT, body: baseText } : {}) };
    if (protectedOp) add({ family: 'anonymous', as: 'anonymous', op: key, req: plain, expect: [401] });
    for (const authorization of rng.sample(BAD_AUTHORIZATION, 7)) {
      const cookieToo = rng.chance(0.5);
      add({
        family: 'bad-authorization',
        as: cookieToo ? 'admin' : 'anonymous',
        op: key,
        req: { ...plain, headers: { ...(plain.headers ?? {}), authorization } },
        expect: protectedOp ? [401] : 'any',
      });
    }
    for (const cookie of rng.sample(BAD_COOKIES, 4)) {
      add({ family: 'bad-cookie', as: 'anonymous', op: key, req: { ...plain, headers: { ...(plain.headers ?? {}), cookie } }, expect: protectedOp ? [401] : 'any' });
    }

    // Raw uploads (the body is a file, up to its own limit; tasks-uploads.test.ts covers 400/413): JSON is 415.
    if (RAW_BODY_OPS.has(key)) {
      for (const text of rng.sample(MALFORMED_JSON, 3)) add({ family: 'malformed-json', op: key, req: { method: op.method, path: sentinelPath, headers: JSON_CT, body: text }, expect: [415] });
    } else if (!bodySchema && op.method !== 'GET') {
      // Bodies of operations that declare none (DELETE, sign-out): broken JSON and oversize still get a clean 4xx.
      for (const text of rng.sample(MALFORMED_JSON, 3)) add({ family: 'malformed-json', op: key, req: { method: op.method, path: sentinelPath, headers: JSON_CT, body: text }, expect: [400] });
      add({ family: 'oversize', op: key, req: { method: op.method, path: sentinelPath, headers: JSON_CT, body: JSON.stringify({ pad: 'x'.repeat(MIB + 10) }) }, expect: [413] });
    }

    if (bodySchema && base && baseText) {
      const req = (body: string | Buffer, headers: Record<string, string> = JSON_CT, path = sentinelPath): RawRequest => ({ method: op.method, path, headers, body });
      for (const text of MALFORMED_JSON.filter(isMalformed)) add({ family: 'malformed-json', op: key, req: req(text), expect: [400] });
      add({ family: 'proto-pollution', op: key, req: req(`{"__proto__":{"isAdmin":true},${baseText.slice(1)}`), expect: [400] });
      add({ family: 'proto-pollution', op: key, req: req(`{"constructor":{"prototype":{"isAdmin":true}},${baseText.slice(1)}`), expect: [400] });
      add({ family: 'deep-nesting', op: key, req: req('['.repeat(20_000) + ']'.repeat(20_000)), expect: [400] });
      add({ family: 'deep-nesting', op: key, req: req('{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000)), expect: [400] });
      for (const text of NON_OBJECT_BODIES) add({ family: 'non-object-body', op: key, req: req(text), expect: [400] });
      add({ family: 'empty-body', op: key, req: req(''), expect: [400] });
      add({ family: 'empty-body', op: key, req: { method: op.method, path: sentinelPath }, expect: [400] });
      const ctCases: Array<[Record<string, string>, string, readonly number[]]> = [
        [{ 'content-type': 'text/plain' }, baseText, [400, 415]],
        [{ 'content-type': 'text/plain; charset=utf-8' }, 'garbage', [400, 415]],
        [{ 'content-type': 'application/x-www-form-urlencoded' }, 'name=x&domainId=y', [415]],
        [{ 'content-type': 'multipart/form-data; boundary=XyZ' }, '--XyZ\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--XyZ--\r\n', [415]],
        [{ 'content-type': 'multipart/form-data' }, '\u0000\u0001garbage', [415]],
        [{ 'content-type': 'application/xml' }, '<a/>', [415]],
        [{ 'content-type': 'application/octet-stream' }, baseText, [415]],
        [{ 'content-type': 'application/jsonx' }, baseText, [415]],
        [{ 'content-type': ';;;' }, baseText, [400, 415]],
        [{}, baseText, [400, 415]],
      ];
      for (const [headers, body, expect] of ctCases) add({ family: 'content-type', op: key, req: req(body, headers), expect });
      add({ family: 'oversize', op: key, req: req(JSON.stringify({ ...base, pad: 'x'.repeat(MIB + 10) })), expect: [413] });
      add({ family: 'oversize', op: key, req: { ...req(Buffer.alloc(MIB + 4096, 0x20)), chunked: true }, expect: [413] });

      const props = Object.entries(bodySchema.properties ?? {});
      for (const field of bodySchema.required ?? []) {
        const { [field]: _dropped, ...rest } = base;
        add({ family: 'missing-field', op: key, req: req(JSON.stringify(rest)), expect: [400] });
      }
      if (bodySchema.additionalProperties === false) {
        for (const extra of rng.sample(UNKNOWN_FIELDS, 4)) add({ family: 'unknown-field', op: key, req: req(JSON.stringify({ ...base, [extra]: 'x' })), expect: [400] });
      }

      // One field at a time: wrong types, hostile strings, huge values. Values the server must refuse go to the
      // sentinel; values it may accept after coercion go to this operation's own victim resource.
      const mutate = (path: string[], schema: Schema, values: unknown[], family: string) => {
        for (const value of values) {
          const body = structuredClone(base);
          let holder: Record<string, unknown> = body;
          for (const seg of path.slice(0, -1)) holder = (Array.isArray(holder[seg]) ? (holder[seg] as unknown[])[0] : holder[seg]) as Record<string, unknown>;
          holder[path[path.length - 1] as string] = value;
          const mustReject = surelyInvalid(doc, schema, value);
          add({ family, op: key, req: req(JSON.stringify(body), JSON_CT, mustReject ? sentinelPath : victimPath), expect: mustReject ? 'reject' : 'any', note: `${path.join('.')} = ${snippet(value)}` });
        }
      };
      for (const [name, schema] of props) {
        const alts = branches(doc, schema);
        const values = rng.sample(wrongTypeValues(), 7);
        if (alts.some((b) => b.type === 'string')) values.push('x'.repeat(100_000), '\u0000'.repeat(50), '\u202E'.repeat(50));
        if (alts.some((b) => b.type === 'integer' || b.type === 'number')) {
          for (const b of alts) {
            if (b.minimum !== undefined) values.push(b.minimum - 1, -1e308);
            if (b.maximum !== undefined) values.push(b.maximum + 1, 1e308);
            if (b.type === 'integer') values.push(1.5);
          }
          values.push('NaN', '1e309', 'Infinity', '-Infinity', '');
        }
        if (/url$/i.test(name)) values.push(...NASTY_URLS);
        if (alts.some((b) => b.format === 'date-time')) values.push(...NASTY_DATES);
        mutate([name], schema, values, 'field-value');
        // One level down: objects and arrays of objects (location, grants).
        for (const b of alts) {
          const inner = b.type === 'array' && b.items ? resolve(doc, b.items) : b.type === 'object' ? b : undefined;
          for (const [innerName, innerSchema] of Object.entries(inner?.properties ?? {})) {
            const innerValues = rng.sample(wrongTypeValues(), 4);
            if (/url$/i.test(innerName)) innerValues.push(...rng.sample(NASTY_URLS, 4));
            mutate([name, innerName], innerSchema, innerValues, 'nested-value');
          }
        }
      }
    }

    // Query strings (GET only: a GET that is accepted changes nothing).
    if (op.method === 'GET') {
      for (const p of op.query) {
        const values = rng.sample(BAD_QUERY_VALUES, 6);
        const ps = resolve(doc, p.schema);
        if (ps.format === 'date-time') values.push(...NASTY_DATES.map(encodeQueryValue));
        if (ps.type === 'integer' || ps.type === 'number') values.push('Infinity', '-Infinity', '1e309', '-0', '1.5');
        for (const v of values) add({ family: 'query-value', op: key, req: { method: 'GET', path: `${sentinelPath}?${p.name}=${encodeQueryValue(v)}` }, expect: 'any' });
        add({ family: 'query-repeated', op: key, req: { method: 'GET', path: `${sentinelPath}?${p.name}=1&${p.name}=2&${p.name}=x` }, expect: 'any' });
      }
      for (const q of rng.sample(GARBAGE_QUERIES, op.query.length > 0 ? GARBAGE_QUERIES.length : 4)) {
        add({ family: 'query-garbage', op: key, req: { method: 'GET', path: `${sentinelPath}${q}` }, expect: 'any' });
      }
    }

    // Correlation ids (on a malformed id, so nothing runs): a well-formed one is echoed, a hostile one replaced.
    if (hasId) {
      const badIdPath = fillPath(op.path, { id: 'x' });
      const echo = `fuzz-correlation-${out.length}`;
      add({ family: 'correlation', op: key, req: { method: op.method, path: badIdPath, headers: { 'x-correlation-id': echo } }, expect: 'reject', correlation: echo });
      for (const hostile of ['../../etc/passwd', 'short', 'x'.repeat(200), 'a b c d e f g h', '<script>']) {
        add({ family: 'correlation', op: key, req: { method: op.method, path: badIdPath, headers: { 'x-correlation-id': hostile } }, expect: 'reject', correlation: `!${hostile}` });
      }
    }
  }

  // Methods a path does not have.
  const byPath = new Map<string, Set<string>>();
  for (const op of ops) byPath.set(op.path, (byPath.get(op.path) ?? new Set()).add(op.method));
  for (const [path, methods] of byPath) {
    const filled = fillPath(path, path.includes('{id}') ? { id: targets.sentinelFor(collectionOf(path)) } : {});
    for (const method of ALL_METHODS.filter((m) => !methods.has(m))) {
      add({ family: 'method', op: `${method} ${path}`, req: { method, path: filled, ...(BODY_METHODS.has(method) ? { headers: JSON_CT, body: '{}' } : {}) }, expect: 'reject' });
    }
  }

  // A share of everything again without credentials: protected routes must say 401 before anything else.
  const anonymous = rng.sample(out.filter((c) => c.as === 'admin'), Math.floor(out.length * 0.08));
  for (const c of anonymous) {
    const op = ops.find((o) => o.key === c.op);
    const pathLevel = c.family.startsWith('path-id') || c.family === 'method' || c.family === 'correlation';
    const expect: Expectation = op && !targets.isPublic(op) && !pathLevel ? [401] : c.expect === 'any' ? 'any' : 'reject';
    add({ ...c, family: `${c.family}+anonymous`, as: 'anonymous', expect });
  }
  return out;
}

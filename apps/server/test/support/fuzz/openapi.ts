/** Reads the server's own OpenAPI document and turns it into a list of operations to drive tests with. */

export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  $ref?: string;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  default?: unknown;
  additionalProperties?: boolean | Schema;
}

export interface Param {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  /** `GET /api/cameras/{id}`: the key used by fuzz families and the access matrix. */
  key: string;
  method: string;
  /** OpenAPI path template, `{id}` style. */
  path: string;
  pathParams: Param[];
  query: Param[];
  body?: { required: boolean; schema: Schema };
}

export interface OpenApiDoc {
  paths: Record<string, Record<string, { parameters?: Param[]; requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> } }>>;
  components?: { schemas?: Record<string, Schema> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];

export async function fetchOpenApi(baseUrl: string): Promise<OpenApiDoc> {
  const res = await fetch(`${baseUrl}/api/openapi.json`);
  if (res.status !== 200) throw new Error(`GET /api/openapi.json answered ${res.status}`);
  return (await res.json()) as OpenApiDoc;
}

export function operationsOf(doc: OpenApiDoc): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(item)) {
      if (!METHODS.includes(m)) continue;
      const method = m.toUpperCase();
      const params = op.parameters ?? [];
      const json = op.requestBody?.content?.['application/json']?.schema;
      out.push({
        key: `${method} ${path}`,
        method,
        path,
        pathParams: params.filter((p) => p.in === 'path'),
        query: params.filter((p) => p.in === 'query'),
        ...(json ? { body: { required: op.requestBody?.required ?? false, schema: json } } : {}),
      });
    }
  }
  return out;
}

/** Follows `$ref`s into components/schemas (local references only). */
export function resolve(doc: OpenApiDoc, schema: Schema): Schema {
  let s = schema;
  for (let i = 0; s.$ref && i < 20; i++) {
    const name = s.$ref.replace(/^#\/components\/schemas\//, '');
    const target = doc.components?.schemas?.[name];
    if (!target) throw new Error(`unresolvable $ref ${s.$ref}`);
    s = target;
  }
  return s;
}

/** The alternatives of a schema (anyOf/oneOf branches, or itself). */
export function branches(doc: OpenApiDoc, schema: Schema): Schema[] {
  const s = resolve(doc, schema);
  const alts = s.anyOf ?? s.oneOf;
  return alts ? alts.flatMap((a) => branches(doc, a)) : [s];
}

export function typesOf(doc: OpenApiDoc, schema: Schema): Set<string> {
  const out = new Set<string>();
  for (const b of branches(doc, schema)) {
    if (Array.isArray(b.type)) b.type.forEach((t) => out.add(t));
    else if (b.type) out.add(b.type);
    else if (b.properties) out.add('object');
  }
  return out;
}

/** Allowed literal values when the schema is an enumeration (TypeBox unions of literals), else null. */
export function enumOf(doc: OpenApiDoc, schema: Schema): unknown[] | null {
  const values: unknown[] = [];
  for (const b of branches(doc, schema)) {
    if (b.type === 'null') continue;
    if (b.enum) values.push(...b.enum);
    else if ('const' in b) values.push(b.const);
    else return null;
  }
  return values.length > 0 ? values : null;
}

/** Valid values for path parameters other than `{id}` (the id-specific cases only vary `{id}`). */
const PATH_PARAM_SAMPLES: Readonly<Record<string, string>> = { key: 'fuzz.sample-key', holdId: 'hld_fuzzsample' };

/** Fills an OpenAPI path template: `{id}` → the raw (already encoded) text given; other names from the samples. */
export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const v = values[name] ?? PATH_PARAM_SAMPLES[name];
    if (v === undefined) throw new Error(`no value for {${name}} in ${template}`);
    return v;
  });
}

/** The collection an `{id}` path parameter names: `/api/cameras/{id}/probe` → `cameras`. */
export function collectionOf(path: string): string | null {
  const m = /\/([a-z-]+)\/\{id\}/.exec(path);
  return m?.[1] ?? null;
}

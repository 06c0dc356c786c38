import { parse } from 'csv-parse/sync';
import type { FieldProblem } from '../../errors';
import type { CameraFields } from './camera-input';

export interface ImportRow {
  /** 1-based data row number (CSV: not counting the header). */
  row: number;
  fields: CameraFields;
  groupNames: string[];
  problems: FieldProblem[];
}

export const CSV_COLUMNS = [
  'name',
  'kind',
  'main_url',
  'sub_url',
  'username',
  'password',
  'domain_id',
  'groups',
  'tags',
  'latitude',
  'longitude',
  'address',
  'description',
  'enabled',
] as const;

const list = (text: string | undefined): string[] =>
  (text ?? '')
    .split(/[;|]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

function num(text: string | undefined, field: string, problems: FieldProblem[]): number | null {
  if (text === undefined || text.trim() === '') return null;
  const n = Number(text);
  if (!Number.isFinite(n)) problems.push({ field, message: `"${text}" is not a number` });
  return Number.isFinite(n) ? n : null;
}

function fromRecord(record: Record<string, unknown>, row: number): ImportRow {
  const problems: FieldProblem[] = [];
  const str = (key: string): string | undefined => {
    const v = record[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (Array.isArray(v)) return v.map(String).join(';');
    problems.push({ field: key, message: 'must be text' });
    return undefined;
  };
  const known = new Set<string>([...CSV_COLUMNS, 'mainUrl', 'subUrl', 'domainId']);
  for (const key of Object.keys(record)) if (!known.has(key)) problems.push({ field: key, message: 'unknown column' });
  const enabledText = str('enabled')?.trim().toLowerCase();
  if (enabledText !== undefined && enabledText !== '' && !['true', 'false', '1', '0', 'yes', 'no'].includes(enabledText)) {
    problems.push({ field: 'enabled', message: 'must be true or false' });
  }
  const fields: CameraFields = {
    name: str('name') ?? '',
    kind: str('kind') ?? '',
    mainUrl: str('main_url') ?? str('mainUrl') ?? '',
    subUrl: str('sub_url') ?? str('subUrl') ?? null,
    tags: list(str('tags')),
    location: { latitude: num(str('latitude'), 'latitude', problems), longitude: num(str('longitude'), 'longitude', problems), address: str('address') ?? null },
    description: str('description') ?? '',
    enabled: enabledText === undefined || enabledText === '' ? true : ['true', '1', 'yes'].includes(enabledText),
  };
  const username = str('username');
  const password = str('password');
  const domainId = str('domain_id') ?? str('domainId');
  if (username) fields.username = username;
  if (password) fields.password = password;
  if (domainId) fields.domainId = domainId.trim();
  return { row, fields, groupNames: list(str('groups')), problems };
}

/** Parses a CSV (with a header row) or a JSON array of camera objects; never throws on bad content. */
export function parseImport(format: 'csv' | 'json', content: string): { rows: ImportRow[]; error?: string } {
  if (format === 'json') {
    let data: unknown;
    try {
      data = JSON.parse(content);
    } catch (err) {
      return { rows: [], error: `content is not valid JSON: ${(err as Error).message}` };
    }
    if (!Array.isArray(data)) return { rows: [], error: 'content must be a JSON array of cameras' };
    return {
      rows: data.map((item, i) =>
        typeof item === 'object' && item !== null && !Array.isArray(item)
          ? fromRecord(item as Record<string, unknown>, i + 1)
          : { row: i + 1, fields: {}, groupNames: [], problems: [{ field: '', message: 'must be an object' }] },
      ),
    };
  }
  let records: Record<string, string>[];
  try {
    records = parse(content, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true, relax_column_count: false });
  } catch (err) {
    return { rows: [], error: `content is not valid CSV: ${(err as Error).message}` };
  }
  return { rows: records.map((r, i) => fromRecord(r, i + 1)) };
}

// The camera editor's form state and its conversion to the API's create/patch bodies.
import type { paths, Schemas } from '@argus/sdk';

type Camera = Schemas['Camera'];
export type Kind = Camera['kind'];
export type CreateBody = paths['/api/cameras']['post']['requestBody']['content']['application/json'];
export type PatchBody = NonNullable<paths['/api/cameras/{id}']['patch']['requestBody']>['content']['application/json'];

/** keep: leave the stored password alone; set: replace it with `value`; clear: remove it. */
export type PasswordMode = 'keep' | 'set' | 'clear';

export interface CameraForm {
  name: string;
  domainId: string;
  kind: Kind;
  mainUrl: string;
  subUrl: string;
  username: string;
  passwordMode: PasswordMode;
  password: string;
  tags: string;
  latitude: string;
  longitude: string;
  address: string;
  description: string;
  enabled: boolean;
  groupIds: string[];
}

export function emptyForm(domainId: string): CameraForm {
  return {
    name: '',
    domainId,
    kind: 'rtsp',
    mainUrl: '',
    subUrl: '',
    username: '',
    passwordMode: 'set',
    password: '',
    tags: '',
    latitude: '',
    longitude: '',
    address: '',
    description: '',
    enabled: true,
    groupIds: [],
  };
}

export function formOf(c: Camera): CameraForm {
  return {
    name: c.name,
    domainId: c.domainId,
    kind: c.kind,
    mainUrl: c.mainUrl,
    subUrl: c.subUrl ?? '',
    username: c.username ?? '',
    passwordMode: 'keep',
    password: '',
    tags: c.tags.join(', '),
    latitude: c.location.latitude === null ? '' : String(c.location.latitude),
    longitude: c.location.longitude === null ? '' : String(c.location.longitude),
    address: c.location.address ?? '',
    description: c.description,
    enabled: c.enabled,
    groupIds: [...c.groupIds],
  };
}

export function parseTags(text: string): string[] {
  return [...new Set(text.split(/[,;]/).map((t) => t.trim()).filter((t) => t !== ''))];
}

function coordinate(text: string, field: string, min: number, max: number, errors: Record<string, string>): number | null {
  if (text.trim() === '') return null;
  const n = Number(text);
  if (!Number.isFinite(n)) errors[field] = 'must be a number';
  else if (n < min || n > max) errors[field] = `must be between ${min} and ${max}`;
  return Number.isFinite(n) ? n : null;
}

/** The body to send, or the field errors found before sending. */
export function toBody(f: CameraForm, isNew: boolean): { body: CreateBody; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const latitude = coordinate(f.latitude, 'location.latitude', -90, 90, errors);
  const longitude = coordinate(f.longitude, 'location.longitude', -180, 180, errors);
  if (!f.domainId) errors.domainId = 'choose a domain';
  const body: CreateBody = {
    domainId: f.domainId,
    name: f.name.trim(),
    kind: f.kind,
    mainUrl: f.mainUrl.trim(),
    subUrl: f.subUrl.trim() || null,
    username: f.username.trim() || null,
    tags: parseTags(f.tags),
    location: { latitude, longitude, address: f.address.trim() || null },
    description: f.description,
    enabled: f.enabled,
    groupIds: f.groupIds,
  };
  if (f.passwordMode === 'set' && f.password !== '') body.password = f.password;
  if (f.passwordMode === 'clear' && !isNew) body.password = null;
  return { body, errors };
}

/** Looks up a field's error by its full key ('location.latitude') or its last part ('latitude'). */
export function errorFor(errors: Record<string, string>, field: string): string | undefined {
  if (errors[field]) return errors[field];
  const last = field.split('.').pop() ?? field;
  for (const [k, v] of Object.entries(errors)) if (k === last || k.startsWith(`${field}.`)) return v;
  return undefined;
}

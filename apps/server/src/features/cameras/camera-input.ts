import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSourceUrl, SOURCE_KINDS, type SourceKind } from '@argus/domain';
import type { FieldProblem } from '../../errors';

/** What a client may send for a camera; every field optional here, the checks below decide. */
export interface CameraFields {
  domainId?: string;
  name?: string;
  kind?: string;
  mainUrl?: string;
  subUrl?: string | null;
  username?: string | null;
  /** undefined keeps the stored password, null clears it. */
  password?: string | null;
  tags?: string[];
  location?: { latitude?: number | null; longitude?: number | null; address?: string | null };
  description?: string;
  enabled?: boolean;
  groupIds?: string[];
}

export interface NormalisedCamera {
  name?: string;
  kind?: SourceKind;
  mainUrl?: string;
  subUrl?: string | null;
  username?: string | null;
  password?: string | null;
  tags?: string[];
  location?: { latitude: number | null; longitude: number | null; address: string | null };
  description?: string;
  enabled?: boolean;
}

export const CAMERA_LIMITS = { nameMax: 120, tagsMax: 32, tagMax: 64, descriptionMax: 2000 } as const;

/**
 * Pure validation shared by create, update and batch import. `current` gives the stored kind when it is not sent.
 * Credentials found inside URLs move to username/password, so no URL ever stores them.
 */
export function normaliseCamera(input: CameraFields, currentKind?: SourceKind): { value: NormalisedCamera; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const value: NormalisedCamera = {};
  if (input.name !== undefined) {
    const name = input.name.trim();
    if (name.length === 0 || name.length > CAMERA_LIMITS.nameMax) problems.push({ field: 'name', message: `must be 1-${CAMERA_LIMITS.nameMax} characters` });
    else value.name = name;
  }
  let kind = currentKind;
  if (input.kind !== undefined) {
    if ((SOURCE_KINDS as readonly string[]).includes(input.kind)) kind = value.kind = input.kind as SourceKind;
    else problems.push({ field: 'kind', message: `must be one of ${SOURCE_KINDS.join(', ')}` });
  }
  const takeUrl = (field: 'mainUrl' | 'subUrl', raw: string) => {
    if (!kind) return;
    const parsed = parseSourceUrl(kind, raw);
    if (!parsed.ok) {
      problems.push({ field, message: parsed.reason });
      return;
    }
    value[field] = parsed.value.url;
    if (parsed.value.username !== undefined && input.username === undefined) value.username = parsed.value.username;
    if (parsed.value.password !== undefined && input.password === undefined) value.password = parsed.value.password;
  };
  if (input.mainUrl !== undefined) takeUrl('mainUrl', input.mainUrl);
  else if (input.kind !== undefined && currentKind !== undefined && input.kind !== currentKind) {
    problems.push({ field: 'mainUrl', message: 'send the URL again when the kind changes' });
  }
  if (input.subUrl === null || input.subUrl === '') value.subUrl = null;
  else if (input.subUrl !== undefined) takeUrl('subUrl', input.subUrl);
  if (input.username !== undefined) value.username = input.username === null || input.username === '' ? null : input.username;
  if (input.password !== undefined) value.password = input.password === '' ? null : input.password;
  if (input.tags !== undefined) {
    const tags = [...new Set(input.tags.map((t) => t.trim()).filter((t) => t.length > 0))];
    if (tags.length > CAMERA_LIMITS.tagsMax) problems.push({ field: 'tags', message: `at most ${CAMERA_LIMITS.tagsMax} tags` });
    else if (tags.some((t) => t.length > CAMERA_LIMITS.tagMax)) problems.push({ field: 'tags', message: `each tag at most ${CAMERA_LIMITS.tagMax} characters` });
    else value.tags = tags;
  }
  if (input.location !== undefined) {
    const { latitude = null, longitude = null, address = null } = input.location;
    if (latitude !== null && (!Number.isFinite(latitude) || latitude < -90 || latitude > 90)) problems.push({ field: 'location.latitude', message: 'must be between -90 and 90' });
    if (longitude !== null && (!Number.isFinite(longitude) || longitude < -180 || longitude > 180)) problems.push({ field: 'location.longitude', message: 'must be between -180 and 180' });
    value.location = { latitude, longitude, address: address?.trim() || null };
  }
  if (input.description !== undefined) {
    if (input.description.length > CAMERA_LIMITS.descriptionMax) problems.push({ field: 'description', message: `at most ${CAMERA_LIMITS.descriptionMax} characters` });
    else value.description = input.description;
  }
  if (input.enabled !== undefined) value.enabled = input.enabled;
  return { value, problems };
}

/** A file source must lie inside one of the allowed folders (checked on the normalised path, no file-system access). */
export function fileOutsideRoots(url: string, roots: readonly string[], field: string): FieldProblem | null {
  if (!url.startsWith('file:')) return null;
  let file: string;
  try {
    file = path.resolve(fileURLToPath(url));
  } catch {
    return { field, message: 'is not a valid file URL' };
  }
  const inside = roots.some((root) => {
    const r = path.resolve(root);
    return file === r || file.startsWith(r.endsWith(path.sep) ? r : r + path.sep);
  });
  return inside ? null : { field, message: `file sources must lie under ${roots.join(' or ')}` };
}

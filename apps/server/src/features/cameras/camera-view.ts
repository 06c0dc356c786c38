import type { SourceKind } from '@argus/domain';
import type { CameraRowWithDomain } from './cameras.repo';
import type { ProbeOutcome } from './probe-port';

/** A camera as the API returns it: never with its password, never with credentials inside URLs. */
export interface CameraView {
  id: string;
  domainId: string;
  domainName: string;
  name: string;
  kind: SourceKind;
  mainUrl: string;
  subUrl: string | null;
  username: string | null;
  hasPassword: boolean;
  tags: string[];
  location: { latitude: number | null; longitude: number | null; address: string | null };
  description: string;
  enabled: boolean;
  groupIds: string[];
  lastProbe: (ProbeOutcome & { at: string; stream: 'main' | 'sub' }) | null;
  createdAt: string;
  updatedAt: string;
}

export function cameraView(r: CameraRowWithDomain, groupIds: string[]): CameraView {
  return {
    id: r.id,
    domainId: r.domain_id,
    domainName: r.domain_name,
    name: r.name,
    kind: r.kind as SourceKind,
    mainUrl: r.main_url,
    subUrl: r.sub_url,
    username: r.username,
    hasPassword: r.password_enc !== null,
    tags: JSON.parse(r.tags) as string[],
    location: JSON.parse(r.location) as CameraView['location'],
    description: r.description,
    enabled: r.enabled === 1,
    groupIds,
    lastProbe: r.last_probe ? (JSON.parse(r.last_probe) as CameraView['lastProbe']) : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

import type { Permission } from '@argus/domain';
import { forbidden, notFound } from '../../errors';
import type { CameraRowWithDomain, CamerasRepo } from '../cameras/cameras.repo';
import type { RequestContext } from '../request-context';

/**
 * Loads a camera for a recording action. A camera outside the caller's read scope is reported exactly like a missing
 * `what` (so a segment or export of a foreign camera reads "segment … does not exist"), one inside it without the
 * permission is 403.
 */
export async function requireCamera(
  cameras: CamerasRepo,
  ctx: RequestContext,
  cameraId: string,
  permission: Permission,
  missing: { what: string; id: string } = { what: 'camera', id: cameraId },
): Promise<CameraRowWithDomain> {
  const row = await cameras.byId(cameraId);
  if (!row || !ctx.access.can('cameras.read', row.domain_path)) throw notFound(missing.what, missing.id);
  if (!ctx.access.can(permission, row.domain_path)) throw forbidden(`You have no ${permission} right on camera ${row.name}`);
  return row;
}

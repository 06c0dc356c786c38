import { AppError, type FieldProblem } from '../../errors';
import type { DomainsService } from '../domains/domains.service';
import type { GroupsRepo } from '../groups/groups.repo';
import type { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../request-context';
import { normaliseCamera } from './camera-input';
import { parseImport } from './camera-import.parse';
import type { CamerasService } from './cameras.service';

export interface ImportRowResult {
  row: number;
  name: string;
  ok: boolean;
  cameraId: string | null;
  errors: FieldProblem[];
}

export interface ImportResult {
  total: number;
  created: number;
  failed: number;
  dryRun: boolean;
  rows: ImportRowResult[];
}

export const IMPORT_MAX_ROWS = 5000;

/** Batch import: every row is checked on its own; good rows are created, bad rows come back with their errors. */
export class CameraImportService {
  constructor(
    private readonly cameras: CamerasService,
    private readonly groups: GroupsRepo,
    private readonly domains: DomainsService,
    private readonly audit: AuditService,
  ) {}

  async run(ctx: RequestContext, input: { format: 'csv' | 'json'; content: string; domainId: string; dryRun?: boolean }): Promise<ImportResult> {
    const defaultDomain = await this.domains.require(ctx, input.domainId, 'cameras.manage');
    const parsed = parseImport(input.format, input.content);
    if (parsed.error) throw new AppError('validation_failed', parsed.error, [{ field: 'content', message: parsed.error }]);
    if (parsed.rows.length === 0) throw new AppError('validation_failed', 'content holds no camera rows', [{ field: 'content', message: 'no rows' }]);
    if (parsed.rows.length > IMPORT_MAX_ROWS) throw new AppError('validation_failed', `at most ${IMPORT_MAX_ROWS} rows per import`, [{ field: 'content', message: 'too many rows' }]);
    const visibleGroups = await this.groups.within(ctx.access.scope('cameras.read'));
    const seen = new Set<string>();
    const rows: ImportRowResult[] = [];
    for (const r of parsed.rows) {
      const name = r.fields.name?.trim() ?? '';
      const errors = [...r.problems, ...normaliseCamera(r.fields).problems];
      const domainId = r.fields.domainId ?? defaultDomain.id;
      const key = `${domainId}/${name}`;
      if (name && seen.has(key)) errors.push({ field: 'name', message: 'appears twice in this import' });
      seen.add(key);
      const groupIds: string[] = [];
      for (const gname of r.groupNames) {
        const g = visibleGroups.find((v) => v.name === gname);
        if (g) groupIds.push(g.id);
        else errors.push({ field: 'groups', message: `no group named ${gname}` });
      }
      if (errors.length > 0 || input.dryRun) {
        rows.push({ row: r.row, name, ok: errors.length === 0, cameraId: null, errors });
        continue;
      }
      try {
        const cam = await this.cameras.create(
          ctx,
          { ...r.fields, domainId, name, kind: r.fields.kind ?? '', mainUrl: r.fields.mainUrl ?? '', groupIds },
          'camera.import',
        );
        rows.push({ row: r.row, name, ok: true, cameraId: cam.id, errors: [] });
      } catch (err) {
        if (!(err instanceof AppError) || err.status >= 500) throw err;
        rows.push({ row: r.row, name, ok: false, cameraId: null, errors: err.fields ? [...err.fields] : [{ field: '', message: err.message }] });
      }
    }
    const created = rows.filter((r) => r.cameraId !== null).length;
    await this.audit.record(ctx.actor, {
      action: 'camera.import',
      targetType: 'domain',
      targetId: defaultDomain.id,
      domainPath: defaultDomain.path,
      details: { format: input.format, total: rows.length, created, dryRun: input.dryRun ?? false },
    });
    return { total: rows.length, created, failed: rows.filter((r) => !r.ok).length, dryRun: input.dryRun ?? false, rows };
  }
}

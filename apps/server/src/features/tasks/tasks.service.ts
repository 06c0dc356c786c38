import type { Permission } from '@argus/domain';
import { AppError, forbidden, notFound, type FieldProblem } from '../../errors';
import { isoAt, type Clock } from '../../util/clock';
import { newId } from '../../util/ids';
import type { AuditService } from '../audit/audit.service';
import type { CamerasRepo } from '../cameras/cameras.repo';
import type { DomainsService } from '../domains/domains.service';
import type { RequestContext } from '../request-context';
import { algorithmById, type AlgorithmInfo } from './algorithms';
import { BUILTIN_TEMPLATES } from './builtin-templates';
import { checkRuleSet } from './rule-check';
import { commonDomainPath, domainIdOf } from './task-domain';
import type { CameraJobStatusView, TaskRuntimePort } from './task-runtime-port';
import type { TaskCreate, TaskParamsBody, TaskUpdate, TaskView, TemplateBody, TemplateView } from './tasks.schemas';
import type { TaskRow, TasksRepo, TemplateRow } from './tasks.repo';
import { taskView } from './task-view';

const DEFAULT_PARAMS = { fps: 5, inputSize: 416, minConfidence: 0.3, keyframesOnly: false };

function reject(problems: readonly FieldProblem[]): void {
  if (problems.length > 0) throw new AppError('validation_failed', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
}

function templateView(row: TemplateRow): TemplateView {
  return { id: row.id, name: row.name, description: row.description, builtIn: false, domainId: domainIdOf(row.domain_path), template: JSON.parse(row.body) as TemplateBody, createdAt: row.created_at };
}

/** The task center: analysis jobs over cameras, their templates and counting series, scoped by domain. */
export class TasksService {
  constructor(
    private readonly repo: TasksRepo,
    private readonly cameras: CamerasRepo,
    private readonly domains: DomainsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private runtime: TaskRuntimePort | null = null,
  ) {}

  attachRuntime(runtime: TaskRuntimePort): void {
    this.runtime = runtime;
  }

  /** Loads a task the caller may act on; tasks outside the caller's tasks.read scope are reported as missing. */
  async require(ctx: RequestContext, id: string, permission: Permission): Promise<TaskRow> {
    const row = await this.repo.byId(id);
    if (!row || !ctx.access.can('tasks.read', row.domain_path)) throw notFound('task', id);
    if (!ctx.access.can(permission, row.domain_path)) throw forbidden(`You have no ${permission} right on task ${row.name}`);
    return row;
  }

  private async view(row: TaskRow): Promise<TaskView> {
    return taskView(row, (await this.repo.cameraIdsOf([row.id])).get(row.id) ?? []);
  }

  async list(ctx: RequestContext): Promise<{ items: TaskView[] }> {
    const rows = await this.repo.list(ctx.access.scope('tasks.read'));
    const cams = await this.repo.cameraIdsOf(rows.map((r) => r.id));
    return { items: rows.map((r) => taskView(r, cams.get(r.id) ?? [])) };
  }

  async get(ctx: RequestContext, id: string): Promise<TaskView> {
    return this.view(await this.require(ctx, id, 'tasks.read'));
  }

  /**
   * A camera moved to another domain: every task watching it moves to the deepest domain that holds all its cameras
   * again (a task lives where its cameras are; its access follows them). Not a user action: not audited here (the
   * camera update is).
   */
  async cameraMoved(cameraId: string): Promise<void> {
    for (const taskId of await this.repo.taskIdsOfCamera(cameraId)) {
      const ids = (await this.repo.cameraIdsOf([taskId])).get(taskId) ?? [];
      const paths = (await Promise.all(ids.map((id) => this.cameras.byId(id)))).flatMap((c) => (c ? [c.domain_path] : []));
      if (paths.length === 0) continue;
      await this.repo.update(taskId, { domain_path: commonDomainPath(paths) });
    }
  }

  /** Every camera must be visible (else "does not exist") and manageable for tasks (else 403); returns the task's domain path. */
  private async cameraDomain(ctx: RequestContext, cameraIds: readonly string[]): Promise<string> {
    const paths: string[] = [];
    for (const [i, id] of cameraIds.entries()) {
      const cam = await this.cameras.byId(id);
      if (!cam || !ctx.access.can('cameras.read', cam.domain_path)) {
        throw new AppError('validation_failed', `cameraIds/${i}: camera ${id} does not exist`, [{ field: `cameraIds/${i}`, message: 'no such camera' }]);
      }
      if (!ctx.access.can('tasks.manage', cam.domain_path)) throw forbidden(`You have no tasks.manage right on camera ${cam.name}`);
      paths.push(cam.domain_path);
    }
    return commonDomainPath(paths);
  }

  private algorithm(ref: { id: string; version?: string | undefined } | undefined): { info: AlgorithmInfo; version: string } {
    const id = ref?.id ?? 'yolox-nano';
    const info = algorithmById(id);
    if (!info) throw new AppError('validation_failed', `algorithm/id: no algorithm ${id}`, [{ field: 'algorithm/id', message: `no algorithm ${id}; GET /api/algorithms lists them` }]);
    const version = ref?.version ?? info.defaultVersion;
    if (!info.versions.includes(version)) throw new AppError('validation_failed', `algorithm/version: ${id} has no version ${version}`, [{ field: 'algorithm/version', message: `versions: ${info.versions.join(', ')}` }]);
    return { info, version };
  }

  private params(info: AlgorithmInfo, input: TaskParamsBody | undefined, current?: TaskView['params']): TaskView['params'] {
    const p = { ...DEFAULT_PARAMS, ...current, ...input };
    if (!info.inputSizes.includes(p.inputSize)) reject([{ field: 'params/inputSize', message: `${info.id} takes ${info.inputSizes.join(', ')}` }]);
    return p;
  }

  async create(ctx: RequestContext, input: TaskCreate, audit = 'task.create'): Promise<TaskView> {
    const domainPath = await this.cameraDomain(ctx, input.cameraIds);
    const { info, version } = this.algorithm(input.algorithm);
    const params = this.params(info, input.params);
    reject(checkRuleSet(input.rules, info.classes));
    if (await this.repo.nameTaken(domainPath, input.name)) throw new AppError('name_taken', `A task named ${input.name} already exists there`);
    const now = isoAt(this.clock.now());
    const row: TaskRow = {
      id: newId('tsk'),
      name: input.name,
      domain_path: domainPath,
      algorithm_id: info.id,
      algorithm_version: version,
      params: JSON.stringify(params),
      rules: JSON.stringify(input.rules),
      priority: input.priority ?? 5,
      enabled: input.enabled === false ? 0 : 1,
      created_at: now,
      updated_at: now,
    };
    await this.repo.insert(row, input.cameraIds);
    await this.audit.record(ctx.actor, { action: audit, targetType: 'task', targetId: row.id, domainPath, details: { name: row.name, cameraIds: input.cameraIds } });
    const view = await this.view(row);
    this.runtime?.changed(row.id, view);
    return view;
  }

  async update(ctx: RequestContext, id: string, input: TaskUpdate): Promise<TaskView> {
    const current = await this.require(ctx, id, 'tasks.manage');
    const was = await this.view(current);
    const domainPath = input.cameraIds ? await this.cameraDomain(ctx, input.cameraIds) : current.domain_path;
    const { info, version } = this.algorithm(input.algorithm ?? { id: current.algorithm_id, version: current.algorithm_version });
    const params = this.params(info, input.params, was.params);
    const rules = input.rules ?? was.rules;
    reject(checkRuleSet(rules, info.classes));
    const name = input.name ?? current.name;
    if (await this.repo.nameTaken(domainPath, name, id)) throw new AppError('name_taken', `A task named ${name} already exists there`);
    const patch: Partial<TaskRow> = {
      name,
      domain_path: domainPath,
      algorithm_id: info.id,
      algorithm_version: version,
      params: JSON.stringify(params),
      rules: JSON.stringify(rules),
      updated_at: isoAt(this.clock.now()),
      ...(input.priority !== undefined ? { priority: input.priority } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled ? 1 : 0 } : {}),
    };
    await this.repo.update(id, patch, input.cameraIds);
    await this.audit.record(ctx.actor, { action: 'task.update', targetType: 'task', targetId: id, domainPath, details: { changed: Object.keys(input) } });
    const view = await this.view({ ...current, ...patch });
    this.runtime?.changed(id, view);
    return view;
  }

  async setEnabled(ctx: RequestContext, id: string, enabled: boolean): Promise<TaskView> {
    const current = await this.require(ctx, id, 'tasks.manage');
    const patch = { enabled: enabled ? 1 : 0, updated_at: isoAt(this.clock.now()) };
    await this.repo.update(id, patch);
    await this.audit.record(ctx.actor, { action: enabled ? 'task.resume' : 'task.pause', targetType: 'task', targetId: id, domainPath: current.domain_path, details: { name: current.name } });
    const view = await this.view({ ...current, ...patch });
    this.runtime?.changed(id, view);
    return view;
  }

  async delete(ctx: RequestContext, id: string): Promise<void> {
    const current = await this.require(ctx, id, 'tasks.manage');
    await this.repo.delete(id);
    await this.audit.record(ctx.actor, { action: 'task.delete', targetType: 'task', targetId: id, domainPath: current.domain_path, details: { name: current.name } });
    this.runtime?.changed(id, null);
  }

  async status(ctx: RequestContext, id: string): Promise<{ taskId: string; enabled: boolean; cameras: CameraJobStatusView[] }> {
    const task = await this.get(ctx, id);
    const cameras = this.runtime?.status(task)
      ?? task.cameraIds.map((cameraId): CameraJobStatusView => ({
        cameraId, state: task.enabled ? 'stopped' : 'paused', reason: task.enabled ? 'the analysis runtime is not running' : 'paused by an operator',
        frameSource: null, fpsIn: 0, fpsOut: 0, drops: 0, inferenceP50Ms: null, inferenceP95Ms: null, lastError: null, lastEventAtMs: null, degradedFps: null,
      }));
    return { taskId: task.id, enabled: task.enabled, cameras };
  }

  async counts(ctx: RequestContext, id: string, filter: { rule?: number; cameraId?: string; from?: number; to?: number }) {
    const task = await this.get(ctx, id);
    if (filter.rule !== undefined) {
      const rule = task.rules.rules[filter.rule];
      if (!rule || rule.type !== 'counting') throw new AppError('validation_failed', `rule: rule ${filter.rule} is not a counting rule`, [{ field: 'rule', message: 'not a counting rule of this task' }]);
    }
    return { items: await this.repo.counts(id, filter) };
  }

  // ---- templates ----

  async templates(ctx: RequestContext): Promise<{ items: TemplateView[] }> {
    const own = (await this.repo.templates(ctx.access.scope('tasks.read'))).map(templateView);
    return { items: [...BUILTIN_TEMPLATES, ...own] };
  }

  private async requireTemplate(ctx: RequestContext, id: string, permission: Permission): Promise<TemplateView> {
    const builtIn = BUILTIN_TEMPLATES.find((t) => t.id === id);
    if (builtIn) {
      if (!ctx.access.hasAnywhere(permission)) throw forbidden(`You have no ${permission} right`);
      return builtIn;
    }
    const row = await this.repo.templateById(id);
    if (!row || !ctx.access.can('tasks.read', row.domain_path)) throw notFound('template', id);
    if (!ctx.access.can(permission, row.domain_path)) throw forbidden(`You have no ${permission} right on template ${row.name}`);
    return templateView(row);
  }

  async createTemplate(ctx: RequestContext, input: { name: string; description?: string; domainId: string; template: TemplateBody }): Promise<TemplateView> {
    const domain = await this.domains.require(ctx, input.domainId, 'tasks.manage');
    const { info } = this.algorithm(input.template.algorithm);
    this.params(info, input.template.params);
    reject(checkRuleSet(input.template.rules, info.classes, 'template/rules'));
    const row: TemplateRow = { id: newId('tpl'), name: input.name, description: input.description ?? '', domain_path: domain.path, body: JSON.stringify(input.template), created_at: isoAt(this.clock.now()) };
    await this.repo.insertTemplate(row);
    await this.audit.record(ctx.actor, { action: 'task_template.create', targetType: 'task_template', targetId: row.id, domainPath: domain.path, details: { name: row.name } });
    return templateView(row);
  }

  async deleteTemplate(ctx: RequestContext, id: string): Promise<void> {
    const t = await this.requireTemplate(ctx, id, 'tasks.manage');
    if (t.builtIn) throw new AppError('conflict', `${t.name} is built in and cannot be deleted`);
    const row = await this.repo.templateById(id);
    await this.repo.deleteTemplate(id);
    await this.audit.record(ctx.actor, { action: 'task_template.delete', targetType: 'task_template', targetId: id, domainPath: row?.domain_path ?? null, details: { name: t.name } });
  }

  /** One task per camera; each camera succeeds or fails on its own. */
  async apply(ctx: RequestContext, id: string, input: { cameraIds: string[]; namePrefix?: string; enabled?: boolean }) {
    const t = await this.requireTemplate(ctx, id, 'tasks.manage');
    const created: TaskView[] = [];
    const failed: Array<{ cameraId: string; code: string; message: string }> = [];
    for (const cameraId of input.cameraIds) {
      try {
        const cam = await this.cameras.byId(cameraId);
        const name = `${input.namePrefix ?? t.name} — ${cam?.name ?? cameraId}`.slice(0, 120);
        created.push(await this.create(ctx, { name, cameraIds: [cameraId], rules: t.template.rules, ...(t.template.algorithm ? { algorithm: t.template.algorithm } : {}), ...(t.template.params ? { params: t.template.params } : {}), ...(t.template.priority !== undefined ? { priority: t.template.priority } : {}), ...(input.enabled !== undefined ? { enabled: input.enabled } : {}) }, 'task.create_from_template'));
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        failed.push({ cameraId, code: err.code, message: err.message });
      }
    }
    return { created, failed };
  }
}

/** Row types of the tasks slice (see tables.ts for the conventions). */

/** An analysis task (job): cameras × algorithm × parameters × rules, enabled or paused. */
export interface AnalysisTasksTable {
  id: string;
  name: string;
  /** Materialised path of the deepest domain that holds all of the task's cameras (its read/manage scope). */
  domain_path: string;
  algorithm_id: string;
  algorithm_version: string;
  /** JSON text: { fps, inputSize, minConfidence }. */
  params: string;
  /** JSON text: the rule set { zones, lines, rules }. */
  rules: string;
  /** Share of the shared detector (higher = more important; degraded last). */
  priority: number;
  /** 1 = enabled (not paused), 0 = paused. */
  enabled: number;
  /** ISO-8601 UTC. */
  created_at: string;
  updated_at: string;
}

export interface AnalysisTaskCamerasTable {
  task_id: string;
  camera_id: string;
  position: number;
}

/** A task template made by a user (built-in templates live in code). */
export interface TaskTemplatesTable {
  id: string;
  name: string;
  description: string;
  domain_path: string;
  /** JSON text: { algorithm, params, rules, priority }. */
  body: string;
  created_at: string;
}

/** One counting-rule sample per interval: count of objects in the rule's zone. */
export interface TaskCountsTable {
  task_id: string;
  camera_id: string;
  rule_index: number;
  /** Epoch ms (bigint column; range-queried). */
  at_ms: number;
  count: number;
}

/** An offline run of a task over a video file or a camera's recorded range (see features/tasks/task-runs.ts). */
export interface TaskRunsTable {
  /** Time-ordered id (`run_…`): newest first is id descending. */
  id: string;
  task_id: string;
  camera_id: string;
  /** The task's domain when the run started (its read scope). */
  domain_path: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  /** 0..1. */
  progress: number;
  /** Rule firings (events) so far. */
  events: number;
  error: string | null;
  source: 'file' | 'range' | 'upload';
  /** Local path of the file (source 'file'); the uploaded file's name (source 'upload'). */
  file: string | null;
  start_s: number | null;
  duration_s: number | null;
  /** Requested range, epoch ms (source 'range'; bigint columns). */
  from_ms: number | null;
  to_ms: number | null;
  /** JSON text: the recorded ranges the run covers, [{ startMs, endMs }] (source 'range'; null until known). */
  covered: string | null;
  created_by_id: string | null;
  created_by_name: string;
  /** ISO-8601 UTC. */
  started_at: string;
  finished_at: string | null;
}

export interface TaskTables {
  analysis_tasks: AnalysisTasksTable;
  analysis_task_cameras: AnalysisTaskCamerasTable;
  task_templates: TaskTemplatesTable;
  task_counts: TaskCountsTable;
  task_runs: TaskRunsTable;
}

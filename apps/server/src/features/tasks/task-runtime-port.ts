import type { Static } from 'typebox';
import type { CameraJobStatus } from './tasks.schemas';
import type { TaskView } from './tasks.schemas';

export type CameraJobStatusView = Static<typeof CameraJobStatus>;

/** What the task service needs from the runtime: be told about changes, and report per-camera status. */
export interface TaskRuntimePort {
  /** A task was created, changed, paused, resumed or deleted (null = deleted); the runtime reconciles. */
  changed(taskId: string, task: TaskView | null): void;
  status(task: TaskView): CameraJobStatusView[];
}

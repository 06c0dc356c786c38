import type { TaskView } from './tasks.schemas';
import type { TaskRow } from './tasks.repo';
import { domainIdOf } from './task-domain';

/** A stored task as the API shows it. */
export function taskView(row: TaskRow, cameraIds: string[]): TaskView {
  return {
    id: row.id,
    name: row.name,
    domainId: domainIdOf(row.domain_path),
    cameraIds,
    algorithm: { id: row.algorithm_id, version: row.algorithm_version },
    // keyframesOnly came later: tasks saved before it decode every frame
    params: { keyframesOnly: false, ...(JSON.parse(row.params) as Partial<TaskView['params']>) } as TaskView['params'],
    rules: JSON.parse(row.rules) as TaskView['rules'],
    priority: row.priority,
    enabled: row.enabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}


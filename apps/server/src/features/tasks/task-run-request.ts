/** The source of an offline run, read from the request body: a file or a recorded range, exactly one. Pure. */
import { AppError, type FieldProblem } from '../../errors';
import type { TaskRunRequest } from './task-runs.schemas';

export type RunSource =
  | { kind: 'file'; file: string; startS?: number; durationS?: number }
  | { kind: 'range'; from: string; to: string }
  | { kind: 'upload'; uploadId: string };

function refuse(problems: FieldProblem[]): never {
  throw new AppError('validation_failed', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
}

export function runSourceOf(body: TaskRunRequest): RunSource {
  const hasRange = body.from !== undefined || body.to !== undefined;
  const given = [body.file !== undefined, hasRange, body.uploadId !== undefined].filter(Boolean).length;
  if (given > 1) refuse([{ field: body.file !== undefined ? 'file' : 'uploadId', message: 'give one source: file, from and to, or uploadId' }]);
  if (body.uploadId !== undefined) {
    if (body.startS !== undefined || body.durationS !== undefined) refuse([{ field: 'startS', message: 'only with file' }]);
    return { kind: 'upload', uploadId: body.uploadId };
  }
  if (body.file !== undefined) {
    return { kind: 'file', file: body.file, ...(body.startS !== undefined ? { startS: body.startS } : {}), ...(body.durationS !== undefined ? { durationS: body.durationS } : {}) };
  }
  if (!hasRange) refuse([{ field: 'from', message: 'give a source: file, from and to (a recorded range), or uploadId' }]);
  const problems: FieldProblem[] = [];
  if (body.from === undefined) problems.push({ field: 'from', message: 'is required with to' });
  if (body.to === undefined) problems.push({ field: 'to', message: 'is required with from' });
  if (body.startS !== undefined) problems.push({ field: 'startS', message: 'only with file; a recorded range is given by from and to' });
  if (body.durationS !== undefined) problems.push({ field: 'durationS', message: 'only with file; a recorded range is given by from and to' });
  if (problems.length > 0 || body.from === undefined || body.to === undefined) refuse(problems);
  return { kind: 'range', from: body.from, to: body.to };
}

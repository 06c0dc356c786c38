import { ERROR_CATALOGUE, type AppError, type ErrorCode, type FieldProblem } from './catalogue';

/** RFC 9457 problem document as Argus returns it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  instance?: string;
  correlationId: string;
  errors?: FieldProblem[];
  [extra: string]: unknown;
}

export function problemOf(err: AppError, correlationId: string, instance?: string): Problem {
  const p: Problem = {
    ...(err.extra ?? {}),
    type: `https://argus.dev/problems/${err.code}`,
    title: ERROR_CATALOGUE[err.code].title,
    status: err.status,
    code: err.code,
    detail: err.message,
    correlationId,
  };
  if (instance) p.instance = instance;
  if (err.fields && err.fields.length > 0) p.errors = [...err.fields];
  return p;
}

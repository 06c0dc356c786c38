import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, problemOf, type FieldProblem } from '../errors';

const FASTIFY_CODES: Record<string, AppError['code']> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
};

/** Maps anything thrown inside a request to one AppError; unknown failures become `internal`. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const fe = err as Partial<FastifyError> & { validation?: Array<{ instancePath?: string; message?: string; params?: Record<string, unknown> }>; validationContext?: string };
  if (Array.isArray(fe.validation)) {
    const where = fe.validationContext ?? 'body';
    const fields: FieldProblem[] = fe.validation.map((v) => {
      const extra = v.params?.additionalProperty ?? v.params?.missingProperty;
      const path = `${where}${v.instancePath ?? ''}${typeof extra === 'string' ? `/${extra}` : ''}`;
      const message = v.params?.additionalProperty ? 'is not a known field' : (v.message ?? 'is not valid');
      return { field: path, message };
    });
    return new AppError('validation_failed', fields.map((f) => `${f.field} ${f.message}`).join('; '), fields);
  }
  if (fe.code && FASTIFY_CODES[fe.code]) return new AppError(FASTIFY_CODES[fe.code] as AppError['code'], fe.message);
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    if (fe.statusCode === 404) return new AppError('route_not_found', fe.message);
    if (fe.statusCode === 405) return new AppError('method_not_allowed', fe.message);
    if (fe.statusCode === 413) return new AppError('body_too_large', fe.message);
    if (fe.statusCode === 415) return new AppError('unsupported_media_type', fe.message);
    return new AppError('bad_request', fe.message ?? 'The request cannot be processed');
  }
  return new AppError('internal', 'Something went wrong on the server; quote the correlation id when you report it');
}

export function sendProblem(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const appErr = toAppError(err);
  if (appErr.status >= 500) request.log.error({ err }, 'request failed');
  const retry = appErr.extra?.retryAfterSeconds;
  if (typeof retry === 'number') void reply.header('retry-after', String(retry));
  return reply
    .status(appErr.status)
    .type('application/problem+json')
    .send(problemOf(appErr, request.id, request.url.split('?')[0]));
}

/** Requests too broken to parse as HTTP still get a problem document (then the connection is closed). */
export function answerClientError(err: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const appErr = tooLarge ? new AppError('headers_too_large') : new AppError('bad_request', 'The request is not valid HTTP');
  const body = JSON.stringify(problemOf(appErr, randomUUID()));
  const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
  socket.end(`HTTP/1.1 ${status}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

import { Type } from 'typebox';
import { invalid } from '../../errors';
import { callerOf } from '../../http/request-context';
import { Closed, errorResponses, Id, Timestamp } from '../../http/schemas';
import type { ArgusApp } from '../../http/types';
import type { DomainsService } from '../domains/domains.service';
import type { AuditService } from './audit.service';

const AuditEntrySchema = Type.Object(
  {
    id: Type.String(),
    at: Timestamp,
    actor: Type.Object({ id: Type.Union([Type.String(), Type.Null()]), name: Type.String(), kind: Type.String() }),
    action: Type.String(),
    targetType: Type.String(),
    targetId: Type.Union([Type.String(), Type.Null()]),
    domainPath: Type.Union([Type.String(), Type.Null()]),
    outcome: Type.String(),
    ip: Type.String(),
    details: Type.Object({}, { additionalProperties: true }),
  },
  { $id: 'AuditEntry' },
);

export function registerAuditRoutes(app: ArgusApp, audit: AuditService, domains: DomainsService): void {
  app.addSchema(AuditEntrySchema);
  app.get('/api/audit', {
    schema: {
      tags: ['audit'],
      summary: 'Who did what, newest first',
      querystring: Type.Object(
        {
          from: Type.Optional(Type.String({ format: 'date-time' })),
          to: Type.Optional(Type.String({ format: 'date-time' })),
          action: Type.Optional(Type.String({ maxLength: 64 })),
          outcome: Type.Optional(Type.Union([Type.Literal('ok'), Type.Literal('denied'), Type.Literal('failed')])),
          actorId: Type.Optional(Id),
          targetId: Type.Optional(Id),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          cursor: Type.Optional(Type.String({ maxLength: 200 })),
        },
        Closed,
      ),
      response: { 200: Type.Object({ items: Type.Array(Type.Ref('AuditEntry')), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...errorResponses(403) },
    },
  }, async (req) => {
    const { limit = 100, from, to, ...rest } = req.query;
    for (const [field, value] of [['from', from], ['to', to]] as const) {
      // The date-time format admits leap seconds (…T23:59:60Z) that Date cannot represent.
      if (value !== undefined && Number.isNaN(Date.parse(value))) throw invalid(`querystring/${field}`, 'is not a time this server can represent');
    }
    return audit.list(callerOf(req).access, await domains.rootPath(), {
      ...rest,
      limit,
      ...(from ? { from: new Date(from).toISOString() } : {}),
      ...(to ? { to: new Date(to).toISOString() } : {}),
    });
  });
}

import { Type } from 'typebox';
import { callerOf } from '../../http/request-context';
import { errorResponses, IdParams } from '../../http/schemas';
import type { ArgusApp } from '../../http/types';
import type { MqttPublisher } from './mqtt-publisher';
import type { WebhooksService } from './webhooks.service';
import {
  DeliveriesQuery,
  DeliveryPage,
  PingAnswer,
  ReplayAnswer,
  ReplayBody,
  WebhookCreateBody,
  WebhookPatchBody,
  WebhookWithSecret,
} from './webhooks.schemas';
import { forbidden } from '../../errors';
import type { DomainsService } from '../domains/domains.service';

const TAGS = ['subscriptions'];

export function registerSubscriptionRoutes(app: ArgusApp, webhooks: WebhooksService, mqtt: MqttPublisher, domains: DomainsService): void {
  app.get('/api/subscriptions/webhooks', {
    schema: { tags: TAGS, summary: 'Webhook subscriptions with their delivery status', response: { 200: Type.Object({ items: Type.Array(Type.Ref('Webhook')) }), ...errorResponses(403) } },
  }, async (req) => ({ items: await webhooks.list(callerOf(req)) }));

  app.post('/api/subscriptions/webhooks', {
    schema: {
      tags: TAGS,
      summary: 'Creates a webhook subscription; the answer carries the signing secret, shown only this once',
      body: WebhookCreateBody,
      response: { 201: WebhookWithSecret, ...errorResponses(403) },
    },
  }, async (req, reply) => reply.status(201).send(await webhooks.create(callerOf(req), req.body)));

  app.get('/api/subscriptions/webhooks/:id', {
    schema: { tags: TAGS, summary: 'One webhook subscription', params: IdParams, response: { 200: Type.Ref('Webhook'), ...errorResponses(403, 404) } },
  }, (req) => webhooks.get(callerOf(req), req.params.id));

  app.patch('/api/subscriptions/webhooks/:id', {
    schema: {
      tags: TAGS,
      summary: 'Changes name, URL, enabled or filters of a webhook subscription (its cursor stays)',
      params: IdParams,
      body: WebhookPatchBody,
      response: { 200: Type.Ref('Webhook'), ...errorResponses(403, 404) },
    },
  }, (req) => webhooks.update(callerOf(req), req.params.id, req.body));

  app.delete('/api/subscriptions/webhooks/:id', {
    schema: { tags: TAGS, summary: 'Deletes a webhook subscription and its delivery log', params: IdParams, response: { 204: Type.Null(), ...errorResponses(403, 404) } },
  }, async (req, reply) => {
    await webhooks.delete(callerOf(req), req.params.id);
    return reply.status(204).send(null);
  });

  app.post('/api/subscriptions/webhooks/:id/rotate-secret', {
    schema: {
      tags: TAGS,
      summary: 'Replaces the signing secret; the new one is shown only this once',
      params: IdParams,
      response: { 200: WebhookWithSecret, ...errorResponses(403, 404) },
    },
  }, (req) => webhooks.rotateSecret(callerOf(req), req.params.id));

  app.get('/api/subscriptions/webhooks/:id/deliveries', {
    schema: {
      tags: TAGS,
      summary: 'Delivery log of a webhook subscription (one row per attempt), newest first',
      params: IdParams,
      querystring: DeliveriesQuery,
      response: { 200: DeliveryPage, ...errorResponses(403, 404) },
    },
  }, (req) => webhooks.deliveries(callerOf(req), req.params.id, req.query));

  app.post('/api/subscriptions/webhooks/:id/replay', {
    schema: {
      tags: TAGS,
      summary: 'Re-delivers the events of a time range [from, to) that pass the filters, marked as a replay',
      params: IdParams,
      body: ReplayBody,
      response: { 202: ReplayAnswer, ...errorResponses(403, 404) },
    },
  }, async (req, reply) => reply.status(202).send(await webhooks.replay(callerOf(req), req.params.id, req.body)));

  app.post('/api/subscriptions/webhooks/:id/test', {
    schema: {
      tags: TAGS,
      summary: 'Sends a signed ping to the receiver now and answers what happened',
      params: IdParams,
      response: { 200: PingAnswer, ...errorResponses(403, 404) },
    },
  }, (req) => webhooks.test(callerOf(req), req.params.id));

  app.get('/api/subscriptions/mqtt', {
    schema: { tags: TAGS, summary: 'State of the MQTT publisher', response: { 200: Type.Ref('MqttStatus'), ...errorResponses(403) } },
  }, async (req) => {
    const ctx = callerOf(req);
    if (!ctx.access.can('subscriptions.manage', await domains.rootPath())) throw forbidden('Subscriptions are organisation-wide: only administrators of the whole organisation manage them');
    return mqtt.status();
  });
}

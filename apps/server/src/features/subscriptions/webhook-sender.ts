import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkAddress, checkWebhookUrl } from './ssrf-guard';

export interface SendResult {
  /** HTTP status, null when no answer came (refused, timeout, SSRF refusal). */
  statusCode: number | null;
  durationMs: number;
  error: string | null;
}

export interface WebhookSender {
  send(url: string, body: string, headers: Record<string, string>): Promise<SendResult>;
}

/**
 * A lookup that resolves the name and refuses the connection when ANY returned address is forbidden, so the address
 * checked is the address connected to (no DNS-rebinding window).
 */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      for (const a of addresses) {
        const v = checkAddress(a.address, allowPrivate);
        if (!v.ok) return callback(Object.assign(new Error(`refused by the SSRF guard: ${hostname} resolves to ${v.reason}`), { code: 'ESSRF' }), '', 0);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new Error(`${hostname} did not resolve`), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

/** Sends a webhook POST with node:http(s): guarded DNS, a hard timeout, redirects never followed (3xx is a failure). */
export function createHttpWebhookSender(opts: { timeoutMs: number; allowPrivate: () => boolean }): WebhookSender {
  return {
    send(url, body, headers) {
      const started = performance.now();
      const done = (statusCode: number | null, error: string | null): SendResult => ({ statusCode, durationMs: Math.round(performance.now() - started), error });
      const verdict = checkWebhookUrl(url, opts.allowPrivate());
      if (!verdict.ok) return Promise.resolve(done(null, `refused by the SSRF guard: ${verdict.reason}`));
      const target = new URL(url);
      const literal = target.hostname.replace(/^\[|\]$/g, '');
      return new Promise<SendResult>((resolve) => {
        let settled = false;
        const finish = (r: SendResult) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(r);
        };
        const mod = target.protocol === 'https:' ? https : http;
        const req = mod.request(
          target,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Argus-Webhook/1', ...headers },
            // A literal address was judged by checkWebhookUrl; names are judged at resolution time.
            ...(literal === target.hostname && /^[\d.]+$|:/.test(literal) ? {} : { lookup: guardedLookup(opts.allowPrivate()) }),
            agent: false,
          },
          (res) => {
            res.resume();
            res.on('end', () => {
              const code = res.statusCode ?? 0;
              finish(done(code, code >= 200 && code < 300 ? null : code >= 300 && code < 400 ? `redirect to ${String(res.headers.location ?? '?')} not followed` : `HTTP ${code}`));
            });
            res.on('error', (e) => finish(done(res.statusCode ?? null, e.message)));
          },
        );
        const timer = setTimeout(() => {
          finish(done(null, `timed out after ${opts.timeoutMs} ms`));
          req.destroy();
        }, opts.timeoutMs);
        req.on('error', (e: NodeJS.ErrnoException) => finish(done(null, e.code && !e.message.includes(e.code) ? `${e.code}: ${e.message}` : e.message)));
        req.end(body);
      });
    },
  };
}

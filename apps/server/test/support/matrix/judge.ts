import type { ApiResponse } from '../harness';
import type { Outcome } from './expectations';
import type { Plan } from './operations';
import type { Principal } from './org';

let ghostCounter = 0;

/** The plan with every subject id replaced by an id of the same kind that never existed. */
function ghostOf(plan: Plan): { plan: Plan; ghosts: string[] } {
  let url = plan.url;
  let body = plan.body === undefined ? undefined : JSON.stringify(plan.body);
  const ghosts: string[] = [];
  for (const id of plan.subjects) {
    const ghost = `${id.slice(0, 3)}_ghost${(++ghostCounter).toString(36)}`;
    ghosts.push(ghost);
    url = url.split(id).join(ghost);
    if (body !== undefined) body = body.split(id).join(ghost);
  }
  return { plan: { ...plan, url, ...(body === undefined ? {} : { body: JSON.parse(body) as unknown }) }, ghosts };
}

/** What a caller can learn from a refusal: status, code, detail and field errors, with the ids blanked out. */
function visiblePart(res: ApiResponse<any>, ids: readonly string[]): string {
  let text = JSON.stringify({ status: res.status, code: res.body?.code, detail: res.body?.detail, errors: res.body?.errors });
  for (const id of ids) text = text.split(id).join('<id>');
  return text;
}

async function send(p: Principal, plan: Plan): Promise<ApiResponse<any>> {
  const caller = plan.as ?? p.caller;
  return caller.request(plan.method, plan.url, plan.body);
}

/**
 * Sends the plan as the principal and judges the answer against the expected outcome; for refusals, also checks the
 * target rows did not change and, for `hidden`, that the answer is indistinguishable from one about a ghost id.
 */
export async function judgePlan(p: Principal, plan: Plan, outcome: Outcome): Promise<string | null> {
  const before = plan.state ? await plan.state() : undefined;
  const res = await send(p, plan);
  const brief = `${res.status} ${res.text.slice(0, 240)}`;
  const problem = (status: number) => res.status === status && String(res.headers.get('content-type')).startsWith('application/problem+json');
  let why: string | null = null;
  switch (outcome) {
    case 'ok':
      if (res.status < 200 || res.status >= 300) why = `expected 2xx, got ${brief}`;
      else why = (await plan.okCheck?.(res)) ?? null;
      break;
    case 'forbidden':
      if (!problem(403)) why = `expected 403, got ${brief}`;
      break;
    case 'unauth':
      if (!problem(401)) why = `expected 401, got ${brief}`;
      break;
    case 'refused':
      if (!problem(403) && !problem(404)) why = `expected 403 or 404, got ${brief}`;
      break;
    case 'invalid':
      if (!problem(400)) why = `expected 400, got ${brief}`;
      break;
    case 'empty': {
      const items = Array.isArray(res.body) ? res.body : res.body?.items;
      if (res.status !== 200 || !Array.isArray(items) || items.length > 0) why = `expected 200 with no items, got ${brief}`;
      break;
    }
    case 'hidden': {
      if (!(problem(404) && res.body?.code === 'not_found') && !(problem(400) && res.body?.code === 'validation_failed')) {
        why = `expected "does not exist" (404, or 400 for an id in the body), got ${brief}`;
        break;
      }
      const ghost = ghostOf(plan);
      const ghostRes = await send(p, ghost.plan);
      const real = visiblePart(res, plan.subjects);
      const fake = visiblePart(ghostRes, ghost.ghosts);
      if (real !== fake) why = `the answer differs from the one for an id that does not exist, so existence leaks:\n      real:  ${real}\n      ghost: ${fake}`;
      break;
    }
  }
  if (!why && outcome !== 'ok' && plan.state && before !== undefined) {
    const after = await plan.state();
    if (after !== before) why = `refused (${res.status}) but the stored rows changed:\n      before ${before}\n      after  ${after}`;
  }
  return why;
}

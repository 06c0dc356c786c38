import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isOverdue, matchesDue, nextTicketStates, ticketApiQuery, ticketFilterFromQuery, ticketFilterToQuery } from './ticket-filters';

const now = new Date('2026-06-10T12:00:00').getTime();

describe('ticket filters', () => {
  it('round-trips through the URL and drops garbage', () => {
    const f = { state: 'in_progress' as const, assignee: 'usr_abc1', due: 'overdue' as const };
    const q = new URLSearchParams(Object.entries(ticketFilterToQuery(f)).filter((e): e is [string, string] => e[1] !== undefined));
    assert.deepEqual(ticketFilterFromQuery(q), f);
    assert.deepEqual(ticketFilterFromQuery(new URLSearchParams('state=done&assignee=<x>&due=soon')), { state: '', assignee: '', due: '' });
  });

  it('sends state and assignee to the server', () => {
    assert.deepEqual(ticketApiQuery({ state: 'open', assignee: 'usr_1', due: 'today' }), { limit: 100, state: 'open', assigneeUserId: 'usr_1' });
  });

  it('knows overdue work', () => {
    assert.equal(isOverdue({ dueAt: '2026-06-10T11:00:00', state: 'open' }, now), true);
    assert.equal(isOverdue({ dueAt: '2026-06-10T11:00:00', state: 'closed' }, now), false);
    assert.equal(isOverdue({ dueAt: null, state: 'open' }, now), false);
  });

  it('filters by due window', () => {
    assert.equal(matchesDue({ dueAt: '2026-06-10T20:00:00', state: 'open' }, 'today', now), true);
    assert.equal(matchesDue({ dueAt: '2026-06-12T20:00:00', state: 'open' }, 'today', now), false);
    assert.equal(matchesDue({ dueAt: '2026-06-12T20:00:00', state: 'open' }, 'week', now), true);
    assert.equal(matchesDue({ dueAt: null, state: 'open' }, 'none', now), true);
    assert.equal(matchesDue({ dueAt: null, state: 'open' }, '', now), true);
  });

  it('offers only the allowed moves: no closing before resolving, only reopening a closed ticket', () => {
    assert.deepEqual(nextTicketStates('open'), ['in_progress', 'resolved']);
    assert.ok(nextTicketStates('resolved').includes('closed'));
    assert.deepEqual(nextTicketStates('closed'), ['open']);
  });
});

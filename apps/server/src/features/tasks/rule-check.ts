import { validateRuleSet } from '@argus/domain';
import type { FieldProblem } from '../../errors';

/**
 * Checks a rule set submitted with a task or template with the RULES slice's `validateRuleSet` (zones, lines, rules,
 * schedules, known classes) and prefixes the problems' field paths with where the rule set sits in the request body.
 */
export function checkRuleSet(set: unknown, knownClasses: readonly string[], base = 'rules'): FieldProblem[] {
  const result = validateRuleSet(set, knownClasses);
  if (result.ok) return [];
  return result.problems.map((p) => ({ field: p.field ? `${base}/${p.field}` : base, message: p.message }));
}

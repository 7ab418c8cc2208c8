import type { Budget } from '../policy/schema.js';
import type { BudgetState } from './types.js';

/** The budget with the least money left, given what is spent (and reserved) today and this month. */
export function tightestBudget(budget: Budget, spent: { today: number; month: number }): BudgetState | undefined {
  const states: BudgetState[] = [];
  if (budget.daily !== undefined) states.push({ period: 'daily', limit: budget.daily, spent: spent.today });
  if (budget.monthly !== undefined) states.push({ period: 'monthly', limit: budget.monthly, spent: spent.month });
  return states.sort((a, b) => a.limit - a.spent - (b.limit - b.spent))[0];
}

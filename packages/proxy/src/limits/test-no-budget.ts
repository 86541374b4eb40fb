import type { BudgetHolder } from './limit-subjects.js';

/** The budget fields of an entity with nothing spent and no budget or rate limit (tests). */
export const noBudget: Omit<BudgetHolder, 'id'> = {
  spendPico: 0n,
  maxBudgetPico: null,
  budgetDuration: null,
  budgetResetAt: null,
  tpmLimit: null,
  rpmLimit: null,
};

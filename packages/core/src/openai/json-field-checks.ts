/** Checks on `JSON.parse` results that mirror the wire schemas' field rules exactly. */
export type JsonFields = Record<string, unknown>;

export const isJsonObject = (value: unknown): value is JsonFields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** zod's `z.string().nullish()`. */
export const isOptionalString = (value: unknown): boolean =>
  value === undefined || value === null || typeof value === 'string';

/** zod's `z.number().nullish()` (zod refuses NaN and ±Infinity). */
export const isOptionalNumber = (value: unknown): boolean =>
  value === undefined || value === null || Number.isFinite(value);

/** `undefined` or `null`: a nullish field the fast path leaves to the schema otherwise. */
export const isNullish = (value: unknown): boolean => value === undefined || value === null;

/** The fields a completion and its chunks share, as both schemas check them. */
export const hasCompletionEnvelope = (value: JsonFields): boolean =>
  typeof value.id === 'string' &&
  Number.isFinite(value.created) &&
  typeof value.model === 'string' &&
  isOptionalString(value.system_fingerprint);

/**
 * `choices` is an array whose every element is an object with a finite `index` that `check`
 * accepts: the choice loop a completion and its chunks share.
 */
export function isEveryChoice(choices: unknown, check: (choice: JsonFields) => boolean): boolean {
  if (!Array.isArray(choices)) return false;
  for (const choice of choices) {
    if (!isJsonObject(choice) || !Number.isFinite(choice.index) || !check(choice)) return false;
  }
  return true;
}

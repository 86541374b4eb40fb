import { expect } from 'vitest';

/** Test support for the validation fast paths (not built: see tsconfig.build.json). */
interface SafeParser {
  safeParse(value: unknown): { success: true; data: unknown } | { success: false };
}

/** Fast path and schema agree on `value`: both accept it and give equal data, or both refuse it. */
export function expectAgreesWithSchema(fast: SafeParser, schema: SafeParser, value: unknown): void {
  const fastResult = fast.safeParse(structuredClone(value));
  const schemaResult = schema.safeParse(structuredClone(value));
  expect(fastResult.success).toBe(schemaResult.success);
  if (fastResult.success && schemaResult.success)
    expect(fastResult.data).toEqual(schemaResult.data);
}

/**
 * Checks agreement on every recorded value; returns how many the fast path returned as they
 * are (not copied), which callers bound from both sides.
 */
export function countTakenAsIs(fast: SafeParser, schema: SafeParser, values: unknown[]): number {
  let asIs = 0;
  for (const value of values) {
    expectAgreesWithSchema(fast, schema, value);
    const result = fast.safeParse(value);
    if (result.success && result.data === value) asIs++;
  }
  return asIs;
}

/** One mutation per field: sets `field` on the object `target` picks out of the value. */
export function setEach<T>(
  fields: readonly string[],
  target: (value: T) => object,
): ((value: T, wrong: unknown) => void)[] {
  return fields.map(field => (value: T, wrong: unknown) => {
    Object.assign(target(value), { [field]: wrong });
  });
}

const wrongValues: unknown[] = [undefined, null, 0, Number.NaN, '', 'x', {}, [], true];

/**
 * Applies each mutation with each of nine wrong values to a fresh `make()` and checks the
 * fast path agrees with the schema on the result; returns how many were refused.
 */
export function countRefusals<T>(
  fast: SafeParser,
  schema: SafeParser,
  make: () => T,
  mutations: readonly ((value: T, wrong: unknown) => void)[],
): number {
  let refused = 0;
  for (const mutate of mutations) {
    for (const wrong of wrongValues) {
      const value = make();
      mutate(value, wrong);
      expectAgreesWithSchema(fast, schema, value);
      if (!fast.safeParse(value).success) refused++;
    }
  }
  return refused;
}

import { describe, expect, it } from 'vitest';
import { mapOllamaDoneReason } from './map-ollama-done-reason.js';
import { ollamaCreatedAt } from './ollama-created-at.js';

describe('mapOllamaDoneReason', () => {
  it.each([
    ['stop', false, 'stop'],
    ['stop', true, 'tool_calls'],
    ['length', false, 'length'],
    ['length', true, 'length'],
    ['load', false, 'stop'],
    ['unload', false, 'stop'],
    [undefined, false, 'stop'],
    [undefined, true, 'tool_calls'],
  ] as const)('%s (tool calls: %s) → %s', (doneReason, hasToolCalls, expected) => {
    expect(mapOllamaDoneReason(doneReason, hasToolCalls)).toBe(expected);
  });
});

describe('ollamaCreatedAt', () => {
  it('reads nanosecond RFC 3339 timestamps with offsets', () => {
    expect(ollamaCreatedAt('2023-08-04T08:52:19.385406455-07:00')).toBe(
      Date.UTC(2023, 7, 4, 15, 52, 19) / 1000,
    );
    expect(ollamaCreatedAt('2025-08-21T12:41:21Z')).toBe(Date.UTC(2025, 7, 21, 12, 41, 21) / 1000);
  });

  it('falls back to now', () => {
    const now = Math.floor(Date.now() / 1000);
    expect(ollamaCreatedAt(undefined)).toBeGreaterThanOrEqual(now);
    expect(ollamaCreatedAt('not a date')).toBeGreaterThanOrEqual(now);
  });
});

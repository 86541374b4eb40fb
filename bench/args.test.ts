import { describe, expect, it } from 'vitest';
import { parseBenchArgs, UsageError } from './args.mjs';

describe('parseBenchArgs --reps', () => {
  it('runs each scenario once by default, N times when asked', () => {
    expect(parseBenchArgs([]).reps).toBe(1);
    expect(parseBenchArgs(['--reps', '3']).reps).toBe(3);
  });

  it.each(['0', '1.5', 'x', '21'])('refuses --reps %s with a usage error', value => {
    expect(() => parseBenchArgs(['--reps', value])).toThrow(UsageError);
  });
});

describe('parseBenchArgs --redis, --postgres', () => {
  it('runs on SQLite with the router in memory by default', () => {
    expect(parseBenchArgs([])).toMatchObject({ redis: false, postgresUrl: undefined });
  });

  it('takes Redis and a loopback Postgres URL', () => {
    const url = 'postgres://postgres:postgres@127.0.0.1:5432/llmux_test';
    expect(parseBenchArgs(['--redis', '--postgres', url])).toMatchObject({
      redis: true,
      postgresUrl: url,
    });
  });

  it.each(['postgres://db.example.com:5432/llmux', 'http://127.0.0.1:5432/llmux', 'not a url'])(
    'refuses --postgres %s with a usage error',
    value => {
      expect(() => parseBenchArgs(['--postgres', value])).toThrow(UsageError);
    },
  );
});

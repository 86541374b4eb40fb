import { describe, expect, it } from 'vitest';
import type { RouterLogger } from '../router-options.js';
import { allQuietly, quietly } from './quietly.js';

function recordingLogger(): RouterLogger & { warnings: string[] } {
  const warnings: string[] = [];
  return {
    warnings,
    debug: () => undefined,
    info: () => undefined,
    warn: (_fields, message) => {
      warnings.push(message ?? '');
    },
  };
}

describe('quietly', () => {
  it('needs no wait for a synchronous answer', () => {
    const logger = recordingLogger();
    expect(quietly(logger, () => 3, 'tokens')).toBeUndefined();
    expect(allQuietly([undefined, quietly(logger, () => undefined, 'latency')])).toBeUndefined();
    expect(logger.warnings).toEqual([]);
  });

  it('logs a failed write and resolves, so the call goes on', async () => {
    const logger = recordingLogger();
    const failed = quietly(logger, () => Promise.reject(new Error('redis away')), 'latency');
    const ok = quietly(logger, () => Promise.resolve('fine'), 'tokens');
    await expect(allQuietly([failed, undefined, ok])).resolves.toBeDefined();
    expect(logger.warnings).toEqual(['router state: recording latency failed']);
  });

  it('logs a state that throws synchronously instead of failing the call', () => {
    const logger = recordingLogger();
    const thrown = quietly(
      logger,
      () => {
        throw new Error('state bug');
      },
      'in-flight count',
    );
    expect(thrown).toBeUndefined();
    expect(logger.warnings).toEqual(['router state: recording in-flight count failed']);
  });
});

import { describe, expect, it } from 'vitest';
import { BackgroundWrites } from './background-writes.js';

describe('BackgroundWrites', () => {
  it('settles at once when nothing is pending', async () => {
    await expect(new BackgroundWrites().settled()).resolves.toBeUndefined();
  });

  it('settles only after every tracked write has, rejected ones included', async () => {
    const writes = new BackgroundWrites();
    const releases: Array<() => void> = [];
    const rejects: Array<(error: Error) => void> = [];
    writes.add(new Promise<void>(resolve => releases.push(resolve)));
    writes.add(new Promise<void>((_resolve, reject) => rejects.push(reject)));
    let settled = false;
    const done = writes.settled().then(() => {
      settled = true;
    });
    releases[0]?.();
    await new Promise(resolve => setImmediate(resolve));
    expect(settled).toBe(false);
    rejects[0]?.(new Error('Redis went away'));
    await done;
    expect(settled).toBe(true);
  });
});

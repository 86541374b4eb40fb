import { describe, expect, it } from 'vitest';
import { createLeastBusyStrategy } from './least-busy.js';
import { makeContext, makeDeployments, tally } from './routing-context.test-helper.js';

describe('least-busy', () => {
  const strategy = createLeastBusyStrategy();
  const list = makeDeployments([{}, {}, {}]);

  it('needs the in-flight counts', () => {
    expect(strategy.name).toBe('least-busy');
    expect(strategy.needs).toEqual({ inFlight: true });
  });

  it('picks the deployment with the fewest calls in flight', () => {
    expect(strategy.pick(makeContext(list, { inFlight: { d0: 4, d1: 1, d2: 3 } })).id).toBe('d1');
  });

  it('counts an unseen deployment as 0 in flight', () => {
    expect(strategy.pick(makeContext(list, { inFlight: { d0: 2, d2: 1 } })).id).toBe('d1');
  });

  it('breaks ties at random', () => {
    const context = makeContext(list, { inFlight: { d0: 1, d1: 1, d2: 5 } });
    const counts = tally(() => strategy.pick(context), 1000);
    expect(counts.get('d2')).toBeUndefined();
    expect(counts.get('d0')).toBeGreaterThan(400);
    expect(counts.get('d1')).toBeGreaterThan(400);
  });
});

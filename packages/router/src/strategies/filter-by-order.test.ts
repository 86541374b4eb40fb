import { describe, expect, it } from 'vitest';
import { deploymentOrder, filterByOrder } from './filter-by-order.js';
import { makeDeployments } from './routing-context.test-helper.js';

const ids = (list: ReadonlyArray<{ id: string }>) => list.map(deployment => deployment.id);

describe('filterByOrder', () => {
  it('keeps only the lowest order level', () => {
    const list = makeDeployments([{ order: 2 }, { order: 1 }, { order: 1 }, { order: 3 }]);
    expect(ids(filterByOrder(list))).toEqual(['d1', 'd2']);
  });

  it('leaves out deployments without an order when others have one (LiteLLM)', () => {
    const list = makeDeployments([{}, { order: 2 }, {}]);
    expect(ids(filterByOrder(list))).toEqual(['d1']);
  });

  it('keeps every deployment when none has an order', () => {
    const list = makeDeployments([{}, {}]);
    expect(ids(filterByOrder(list))).toEqual(['d0', 'd1']);
    expect(filterByOrder([])).toEqual([]);
  });

  it('moves to the next level when the first is gone (e.g. cooling down)', () => {
    const list = makeDeployments([{ order: 1 }, { order: 2 }, { order: 2 }]);
    expect(ids(filterByOrder(list.slice(1)))).toEqual(['d1', 'd2']);
  });

  it('reads model_info.order and numeric strings', () => {
    const list = makeDeployments([{ order: '2' }, { model_info: { order: 1 } }]);
    expect(deploymentOrder(list[0]!)).toBe(2);
    expect(ids(filterByOrder(list))).toEqual(['d1']);
  });
});

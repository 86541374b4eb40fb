import { describe, expect, it } from 'vitest';
import { filterByTags } from './filter-by-tags.js';
import { makeDeployments } from './routing-context.test-helper.js';

const ids = (list: ReadonlyArray<{ id: string }>) => list.map(deployment => deployment.id);

describe('filterByTags', () => {
  const list = makeDeployments([
    { tags: ['teamA'] },
    { tags: ['teamB', 'paid'] },
    { tags: ['default'] },
    {},
  ]);

  it('sends a tagged request to the deployments sharing a tag', () => {
    expect(ids(filterByTags(list, ['teamA']))).toEqual(['d0']);
    expect(ids(filterByTags(list, ['teamA', 'paid']))).toEqual(['d0', 'd1']);
  });

  it('requires every tag when matchAny is false', () => {
    expect(ids(filterByTags(list, ['teamB', 'paid'], { matchAny: false }))).toEqual(['d1']);
    expect(ids(filterByTags(list, ['teamA', 'paid'], { matchAny: false }))).toEqual(['d2']);
  });

  it('falls back to default-tagged deployments when no tag matches', () => {
    expect(ids(filterByTags(list, ['teamC']))).toEqual(['d2']);
  });

  it('returns nothing when no tag matches and there is no default', () => {
    expect(filterByTags(list.slice(0, 2), ['teamC'])).toEqual([]);
  });

  it('sends an untagged request to the default deployments, else to all', () => {
    expect(ids(filterByTags(list, undefined))).toEqual(['d2']);
    expect(ids(filterByTags(list, []))).toEqual(['d2']);
    expect(ids(filterByTags([list[0]!, list[3]!], []))).toEqual(['d0', 'd3']);
  });
});

import { describe, expect, it } from 'vitest';
import { parseAzureDeployment } from './azure-deployment.js';

describe('parseAzureDeployment', () => {
  it.each([
    ['gpt-4o', 'gpt-4o', false],
    ['gpt-4o-mini', 'gpt-4o-mini', false],
    ['text-embedding-3-small', 'text-embedding-3-small', false],
    ['o1', 'o1', true],
    ['o3-mini', 'o3-mini', true],
    ['prod-o4-mini', 'prod-o4-mini', true],
    ['gpt-5-chat', 'gpt-5-chat', true],
    ['gpt5', 'gpt5', true],
    ['o_series/my-reasoner', 'my-reasoner', true],
    ['gpt5_series/team-model', 'team-model', true],
  ])('%s → deployment %s, reasoning %s', (modelId, name, isReasoningModel) => {
    expect(parseAzureDeployment(modelId)).toEqual({ name, isReasoningModel });
  });
});

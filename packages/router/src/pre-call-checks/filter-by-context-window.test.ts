import { describe, expect, it } from 'vitest';
import { toDeployment } from '../deployment.js';
import { deploymentMaxInputTokens, filterByContextWindow } from './filter-by-context-window.js';

function deployment(id: string, model: string, info: Record<string, unknown> = {}) {
  return toDeployment({
    model_name: 'group',
    litellm_params: { model },
    model_info: { id, ...info },
  });
}

describe('filterByContextWindow', () => {
  const gpt4 = deployment('gpt-4', 'openai/gpt-4'); // 8,192 input tokens in the table
  const gpt4o = deployment('gpt-4o', 'openai/gpt-4o'); // 128,000
  const small = deployment('small', 'openai/gpt-4o', { max_input_tokens: 1000 });
  const unknown = deployment('unknown', 'not-a-provider/model');
  const azure = deployment('azure', 'azure/my-deployment', { base_model: 'azure/gpt-4' });

  it('reads model_info.max_input_tokens, else the price table', () => {
    expect(deploymentMaxInputTokens(gpt4)).toBe(8192);
    expect(deploymentMaxInputTokens(gpt4o)).toBe(128_000);
    expect(deploymentMaxInputTokens(small)).toBe(1000);
    expect(deploymentMaxInputTokens(azure)).toBe(8192);
    expect(deploymentMaxInputTokens(unknown)).toBeUndefined();
  });

  it('drops deployments whose window is below the prompt and keeps unknown ones', () => {
    const all = [gpt4, gpt4o, small, unknown, azure];
    const ids = (promptTokens: number) =>
      filterByContextWindow(all, promptTokens).map(deployment => deployment.id);
    expect(ids(500)).toEqual(['gpt-4', 'gpt-4o', 'small', 'unknown', 'azure']);
    expect(ids(1000)).toEqual(['gpt-4', 'gpt-4o', 'small', 'unknown', 'azure']);
    expect(ids(1001)).toEqual(['gpt-4', 'gpt-4o', 'unknown', 'azure']);
    expect(ids(10_000)).toEqual(['gpt-4o', 'unknown']);
    expect(ids(200_000)).toEqual(['unknown']);
    expect(filterByContextWindow([gpt4], 10_000)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { splitCallOptions } from './completion-options.js';
import { listCallCandidates, resolveCallTarget } from './resolve-call.js';

describe('resolveCallTarget', () => {
  it('hands provider credentials to the adapter, never to the request body', () => {
    const params = {
      model: 'azure/my-deployment',
      messages: [{ role: 'user' as const, content: 'hi' }],
      api_base: 'https://example.openai.azure.com',
      azure_ad_token: 'token-value',
      aws_region_name: 'us-east-1',
      temperature: 0.1,
    };
    const { options, body } = splitCallOptions(params);
    expect(body).toEqual({
      model: 'azure/my-deployment',
      messages: params.messages,
      temperature: 0.1,
    });
    const target = resolveCallTarget(params.model, options);
    expect(target.provider).toBe('azure');
    expect(target.modelId).toBe('my-deployment');
    expect(target.settings.apiBase).toBe('https://example.openai.azure.com');
    expect(target.settings.extra).toEqual({
      azure_ad_token: 'token-value',
      aws_region_name: 'us-east-1',
    });
  });

  it('does not pass the primary model credentials to a bare fallback', () => {
    const candidates = listCallCandidates('azure/a', {
      api_key: 'primary-key',
      azure_ad_token: 'primary-token',
      fallbacks: ['openai/gpt-4o', { model: 'openai/gpt-4o-mini', api_key: 'fallback-key' }],
    });
    expect(candidates.map(candidate => candidate.model)).toEqual([
      'azure/a',
      'openai/gpt-4o',
      'openai/gpt-4o-mini',
    ]);
    expect(candidates[1]?.options.api_key).toBeUndefined();
    expect(candidates[1]?.options.azure_ad_token).toBeUndefined();
    expect(candidates[2]?.options.api_key).toBe('fallback-key');
  });
});

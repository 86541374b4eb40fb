import { BadRequestError } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { withoutClientCallOptions } from './client-call-options.js';

describe('withoutClientCallOptions', () => {
  it('drops credentials, prices and provider settings a client sends', () => {
    const kept = withoutClientCallOptions({
      model: 'gpt-4o',
      messages: [],
      temperature: 0,
      api_key: 'sk-client',
      azure_ad_token: 'client-token',
      aws_secret_access_key: 'client-secret',
      input_cost_per_token: 0,
      fallbacks: ['x'],
    });
    expect(kept).toEqual({ model: 'gpt-4o', messages: [], temperature: 0 });
  });

  it('refuses api_base and base_url with a 400 naming the field', () => {
    for (const field of ['api_base', 'base_url']) {
      let caught: unknown;
      try {
        withoutClientCallOptions({ model: 'gpt-4o', [field]: 'http://attacker.example' });
      } catch (error) {
        caught = error;
      }
      expect(BadRequestError.isInstance(caught)).toBe(true);
      expect((caught as BadRequestError).param).toBe(field);
    }
  });
});

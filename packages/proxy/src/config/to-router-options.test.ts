import { describe, expect, it } from 'vitest';
import { parseProxyConfig } from './parse-proxy-config.js';
import { toRouterOptions } from './to-router-options.js';

describe('toRouterOptions', () => {
  it('maps router_settings, and litellm_settings where LiteLLM reads them (router_settings wins)', () => {
    const { config, ignoredKeys } = parseProxyConfig(
      {
        model_list: [
          {
            model_name: 'a',
            litellm_params: {
              model: 'openai/a',
              rpm: 60,
              order: 1,
              tags: ['paid'],
              cooldown_time: 9,
              max_budget: 0.01,
              budget_duration: '1h',
            },
          },
        ],
        router_settings: {
          routing_strategy: 'least-busy',
          num_retries: '4',
          allowed_fails: 1,
          retry_policy: { AuthenticationErrorRetries: 0 },
          allowed_fails_policy: { RateLimitErrorAllowedFails: 10 },
          fallbacks: [{ a: ['b'] }],
          enable_pre_call_checks: 'true',
          model_group_alias: { alias: 'a' },
          redis_host: 'localhost',
          redis_port: '6379',
        },
        litellm_settings: {
          num_retries: 1,
          request_timeout: 30,
          allowed_fails: 7,
          cooldown_time: 12,
          fallbacks: [{ a: ['c'] }],
          context_window_fallbacks: [{ a: ['big'] }],
          content_policy_fallbacks: [{ '*': ['safe'] }],
          default_fallbacks: ['d'],
          drop_params: true,
        },
      },
      {},
    );
    expect(ignoredKeys).toEqual([]);
    const options = toRouterOptions(config);
    expect(options).toMatchObject({
      routing_strategy: 'least-busy',
      num_retries: 4,
      timeout: 30,
      allowed_fails: 1,
      cooldown_time: 12,
      retry_policy: { AuthenticationErrorRetries: 0 },
      allowed_fails_policy: { RateLimitErrorAllowedFails: 10 },
      fallbacks: [{ a: ['b'] }],
      context_window_fallbacks: [{ a: ['big'] }],
      content_policy_fallbacks: [{ '*': ['safe'] }],
      default_fallbacks: ['d'],
      drop_params: true,
      enable_pre_call_checks: true,
      model_group_alias: { alias: 'a' },
      redis_host: 'localhost',
      redis_port: 6379,
    });
    expect(options.model_list[0]?.litellm_params).toMatchObject({
      rpm: 60,
      order: 1,
      tags: ['paid'],
      cooldown_time: 9,
      max_budget: 0.01,
      budget_duration: '1h',
    });
  });

  it('names a bad router setting', () => {
    expect(() => parseProxyConfig({ router_settings: { fallbacks: { a: 'b' } } }, {})).toThrow(
      /router_settings\.fallbacks/,
    );
  });
});

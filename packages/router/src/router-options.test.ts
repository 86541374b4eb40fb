import { describe, expect, it } from 'vitest';
import { Router } from './router.js';
import { type RouterOptions, RouterOptionsError } from './router-options.js';

const model_list = [{ model_name: 'g', litellm_params: { model: 'openai/gpt-4o' } }];

function optionError(options: Record<string, unknown>): RouterOptionsError {
  try {
    new Router({ model_list, ...options } as RouterOptions);
  } catch (error) {
    if (error instanceof RouterOptionsError) return error;
    throw error;
  }
  throw new Error('expected a RouterOptionsError');
}

describe('validateRouterOptions', () => {
  it.each([
    [{ cooldown_time: -1 }, 'cooldown_time', 'expected a number of 0 or more, got number -1'],
    [{ num_retries: 1.5 }, 'num_retries', 'expected a whole number, got 1.5'],
    [{ allowed_fails: '3' }, 'allowed_fails', 'expected a number of 0 or more, got string 3'],
    [{ routing_strategy: 'fastest' }, 'routing_strategy', 'unknown strategy "fastest"'],
    [{ retry_policy: { AuthErrorRetries: 0 } }, 'retry_policy.AuthErrorRetries', 'unknown key'],
    [
      { allowed_fails_policy: { RateLimitErrorAllowedFails: -2 } },
      'allowed_fails_policy.RateLimitErrorAllowedFails',
      '0 or more',
    ],
    [{ fallbacks: { g: ['h'] } }, 'fallbacks', 'expected a list'],
    [{ fallbacks: [{ g: 'h' }] }, 'fallbacks[0].g', 'list of model group names'],
    [{ default_fallbacks: 'h' }, 'default_fallbacks', 'list of model group names'],
    [{ disable_cooldowns: 'yes' }, 'disable_cooldowns', 'expected true or false'],
    [{ model_group_alias: { a: 3 } }, 'model_group_alias.a', 'group name'],
    [{ sleep: 5 }, 'sleep', 'expected a function'],
  ])('rejects %j naming the option', (options, option, problem) => {
    const error = optionError(options);
    expect(error.option).toBe(option);
    expect(error.message).toContain(`Invalid router option \`${option}\``);
    expect(error.message).toContain(problem);
  });

  it('checks deployments, budget durations included', () => {
    expect(optionError({ model_list: 'x' }).option).toBe('model_list');
    expect(
      optionError({ model_list: [{ model_name: '', litellm_params: { model: 'a' } }] }).option,
    ).toBe('model_list[0].model_name');
    const duration = optionError({
      model_list: [
        { model_name: 'g', litellm_params: { model: 'a', max_budget: 1, budget_duration: '10' } },
      ],
    });
    expect(duration.option).toBe('model_list[0].litellm_params.budget_duration');
    expect(duration.message).toContain('bare number');
    expect(
      optionError({ model_list: [{ model_name: 'g', litellm_params: { model: 'a', rpm: -5 } }] })
        .option,
    ).toBe('model_list[0].litellm_params.rpm');
  });

  it('accepts every LiteLLM option', () => {
    const router = new Router({
      model_list,
      routing_strategy: 'latency-based-routing',
      routing_strategy_args: { lowest_latency_buffer: 0.5 },
      num_retries: 3,
      retry_after: 1,
      timeout: 30,
      stream_timeout: 10,
      allowed_fails: 2,
      allowed_fails_policy: { InternalServerErrorAllowedFails: 5 },
      cooldown_time: 0,
      disable_cooldowns: false,
      retry_policy: { AuthenticationErrorRetries: 0 },
      model_group_retry_policy: { g: { RateLimitErrorRetries: 1 } },
      fallbacks: [{ g: ['h'] }],
      context_window_fallbacks: [{ '*': ['h'] }],
      content_policy_fallbacks: [],
      default_fallbacks: ['h'],
      max_fallbacks: 2,
      enable_pre_call_checks: true,
      enable_tag_filtering: true,
      tag_filtering_match_any: false,
      model_group_alias: { alias: 'g', hidden: { model: 'g', hidden: true } },
    });
    expect(router.strategy.name).toBe('latency-based-routing');
    expect(router.modelNames).toEqual(['g', 'alias']);
    expect(router.hasModel('hidden')).toBe(true);
  });
});

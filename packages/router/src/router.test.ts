import { BadRequestError } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { deploymentId } from './deployment.js';
import { Router, routedCallOf } from './router.js';

describe('Router', () => {
  const router = new Router({
    model_list: [
      {
        model_name: 'fast',
        litellm_params: { model: 'openai/gpt-4o-mini', mock_response: 'from a' },
        model_info: { id: 'a' },
      },
      {
        model_name: 'fast',
        litellm_params: { model: 'openai/gpt-4o-mini', mock_response: 'from b' },
        model_info: { id: 'b' },
      },
      {
        model_name: 'embed',
        litellm_params: { model: 'openai/text-embedding-3-small', mock_response: 'x' },
      },
    ],
  });

  it('groups deployments by model_name', () => {
    expect(router.modelNames).toEqual(['fast', 'embed']);
    expect(router.hasModel('fast')).toBe(true);
    expect(router.hasModel('slow')).toBe(false);
  });

  it('routes a call to a deployment of the group and says which', async () => {
    const seen = new Set<string>();
    for (let call = 0; call < 40; call++) {
      const response = await router.completion({
        model: 'fast',
        messages: [{ role: 'user', content: 'hi' }],
      });
      const content = response.choices[0]?.message.content;
      expect(content).toBe(`from ${response.routed.deployment.id}`);
      expect(response.routed.modelGroup).toBe('fast');
      expect(response._hidden_params.response_cost_pico).toBeGreaterThan(0n);
      seen.add(response.routed.deployment.id);
    }
    expect(seen).toEqual(new Set(['a', 'b']));
  });

  it('embeds through a group', async () => {
    const result = await router.embedding({ model: 'embed', input: ['one', 'two'] });
    expect(result.data).toHaveLength(2);
  });

  it('marks a failed call with the deployment it went to', async () => {
    const failing = new Router({
      sleep: async () => undefined,
      model_list: [
        {
          model_name: 'broken',
          litellm_params: {
            model: 'openai/gpt-4o',
            mock_response: 'litellm.InternalServerError',
            max_budget: 10,
            budget_duration: '1d',
          },
          model_info: { id: 'only' },
        },
      ],
    });
    const error = await failing
      .completion({ model: 'broken', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(routedCallOf(error)?.deployment.id).toBe('only');
    expect(routedCallOf(error)?.modelGroup).toBe('broken');
  });

  it('rejects an unknown model as LiteLLM does', async () => {
    const error = await router
      .completion({ model: 'nope', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(BadRequestError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      'Invalid model name passed in model=nope. Call `/v1/models` to view available models for your key.',
    );
  });

  it('derives a stable deployment id when none is configured', () => {
    const config = { model_name: 'g', litellm_params: { model: 'openai/gpt-4o', rpm: 5 } };
    expect(deploymentId(config)).toMatch(/^[0-9a-f]{64}$/);
    expect(deploymentId(config)).toBe(deploymentId({ ...config }));
    expect(
      deploymentId({ ...config, litellm_params: { model: 'openai/gpt-4o', rpm: 6 } }),
    ).not.toBe(deploymentId(config));
  });
});

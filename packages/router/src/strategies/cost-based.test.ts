import { describe, expect, it } from 'vitest';
import { toDeployment } from '../deployment.js';
import { createCostBasedStrategy, deploymentTokenPricePico } from './cost-based.js';
import { makeContext, tally } from './routing-context.test-helper.js';

function deployment(
  id: string,
  model: string,
  extra: { params?: Record<string, unknown>; info?: Record<string, unknown> } = {},
) {
  return toDeployment({
    model_name: 'group',
    litellm_params: { model, ...extra.params },
    model_info: { id, ...extra.info },
  });
}

describe('cost-based-routing', () => {
  const strategy = createCostBasedStrategy();

  it('prices a token from the price table (input + output)', () => {
    // gpt-4o: $2.50 + $10 per million tokens.
    expect(deploymentTokenPricePico(deployment('a', 'openai/gpt-4o'))).toBe(12_500_000n);
    expect(deploymentTokenPricePico(deployment('b', 'openai/gpt-4o-mini'))).toBe(750_000n);
  });

  it('picks the cheapest deployment', () => {
    const list = [
      deployment('4o', 'openai/gpt-4o'),
      deployment('mini', 'openai/gpt-4o-mini'),
      deployment('gpt-4', 'openai/gpt-4'),
    ];
    expect(strategy.name).toBe('cost-based-routing');
    expect(tally(() => strategy.pick(makeContext(list)), 100).get('mini')).toBe(100);
  });

  it('honours model_info and litellm_params price overrides', () => {
    const cheap4o = deployment('cheap-4o', 'openai/gpt-4o', {
      info: { input_cost_per_token: 0.0000001, output_cost_per_token: 0.0000001 },
    });
    const mini = deployment('mini', 'openai/gpt-4o-mini');
    expect(deploymentTokenPricePico(cheap4o)).toBe(200_000n);
    expect(strategy.pick(makeContext([mini, cheap4o])).id).toBe('cheap-4o');

    const pricedParams = deployment('params', 'openai/gpt-4o', {
      params: { input_cost_per_token: '0.00000001' },
      info: { input_cost_per_token: 1 },
    });
    // litellm_params wins over model_info; the output rate still comes from the table.
    expect(deploymentTokenPricePico(pricedParams)).toBe(10_000n + 10_000_000n);
  });

  it('uses model_info.base_model for the table price', () => {
    const azure = deployment('azure', 'azure/my-deployment', {
      info: { base_model: 'azure/gpt-4o-mini' },
    });
    // Azure's gpt-4o-mini rates: $0.165 + $0.66 per million tokens.
    expect(deploymentTokenPricePico(azure)).toBe(825_000n);
  });

  it('prices an unknown model at $1 per token, so known models win', () => {
    const unknown = deployment('unknown', 'hosted_vllm/my-llama');
    expect(deploymentTokenPricePico(unknown)).toBe(2_000_000_000_000n);
    const noProvider = deployment('no-provider', 'not-a-provider/thing');
    expect(deploymentTokenPricePico(noProvider)).toBe(2_000_000_000_000n);
    expect(strategy.pick(makeContext([unknown, deployment('4', 'openai/gpt-4')])).id).toBe('4');
  });

  it('breaks ties at random', () => {
    const list = [deployment('a', 'openai/gpt-4o-mini'), deployment('b', 'openai/gpt-4o-mini')];
    const context = makeContext(list);
    const counts = tally(() => strategy.pick(context), 1000);
    expect(counts.get('a')).toBeGreaterThan(400);
    expect(counts.get('b')).toBeGreaterThan(400);
  });
});

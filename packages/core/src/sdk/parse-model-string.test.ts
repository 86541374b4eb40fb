import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../errors/bad-request-error.js';
import { parseModelString } from './parse-model-string.js';
import { getProvider } from './provider-registry.js';

describe('parseModelString', () => {
  it('splits provider/model at the first slash', () => {
    expect(parseModelString('openai/gpt-4o')).toEqual({ provider: 'openai', modelId: 'gpt-4o' });
    expect(parseModelString('openai/meta-llama/Llama-3.1-8B')).toEqual({
      provider: 'openai',
      modelId: 'meta-llama/Llama-3.1-8B',
    });
    expect(parseModelString('anthropic/claude-sonnet-4-20250514').provider).toBe('anthropic');
  });

  it('infers the provider of a bare, known model name', () => {
    expect(parseModelString('gpt-4o')).toEqual({ provider: 'openai', modelId: 'gpt-4o' });
    expect(parseModelString('claude-sonnet-4-20250514').provider).toBe('anthropic');
  });

  it('honours custom_llm_provider', () => {
    expect(parseModelString('my-model', 'openai')).toEqual({
      provider: 'openai',
      modelId: 'my-model',
    });
    expect(parseModelString('openai/my-model', 'openai')).toEqual({
      provider: 'openai',
      modelId: 'my-model',
    });
  });

  it('rejects a model it cannot place, naming the expected form', () => {
    let caught: unknown;
    try {
      parseModelString('my-private-model');
    } catch (error) {
      caught = error;
    }
    expect(BadRequestError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toContain("'provider/model'");
    expect((caught as Error).message).toContain('model=my-private-model');
  });
});

describe('getProvider', () => {
  it('names the package to install when a provider is missing', async () => {
    const packages = { fictional: '@llmux/not-an-installed-provider' };
    const error = await getProvider('fictional', packages).catch((caught: unknown) => caught);
    expect(BadRequestError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(
      "Provider 'fictional' needs the package @llmux/not-an-installed-provider",
    );
    expect((error as Error).message).toContain('npm install @llmux/not-an-installed-provider');
  });

  it('rejects an unknown prefix', async () => {
    const error = await getProvider('nosuchprovider').catch((caught: unknown) => caught);
    expect(BadRequestError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("Unknown provider 'nosuchprovider'");
  });
});

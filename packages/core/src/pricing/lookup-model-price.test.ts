import { describe, expect, it } from 'vitest';
import { lookupModelPrice } from './lookup-model-price.js';

describe('lookupModelPrice', () => {
  it('finds a bare first-party name under its own provider', () => {
    expect(lookupModelPrice('gpt-4o', 'openai')).toEqual({
      provider: 'openai',
      mode: 'chat',
      inputPico: 2_500_000n,
      outputPico: 10_000_000n,
      cacheReadPico: 1_250_000n,
      maxInputTokens: 128_000,
      maxOutputTokens: 16_384,
    });
  });

  it('tries provider/model before the model as given', () => {
    // `azure/gpt-4o` is its own key; the bare `gpt-4o` is OpenAI's.
    expect(lookupModelPrice('gpt-4o', 'azure')?.provider).toBe('azure');
    // `gemini/gemini-2.0-flash` (Google AI Studio) before the bare Vertex entry.
    expect(lookupModelPrice('gemini-2.0-flash', 'gemini')?.provider).toBe('gemini');
    expect(lookupModelPrice('gemini-2.0-flash', 'vertex_ai')?.provider).toBe(
      'vertex_ai-language-models',
    );
    expect(lookupModelPrice('openai/gpt-4o', 'openrouter')?.provider).toBe('openrouter');
  });

  it('rejects a hit owned by another provider', () => {
    expect(lookupModelPrice('gpt-4o', 'anthropic')).toBeUndefined();
    expect(lookupModelPrice('claude-sonnet-4-20250514', 'openai')).toBeUndefined();
    // OpenAI-compatible servers have no entries of their own.
    expect(lookupModelPrice('gpt-4o', 'hosted_vllm')).toBeUndefined();
    expect(lookupModelPrice('my-local-model', 'lm_studio')).toBeUndefined();
  });

  it("accepts LiteLLM's allowed provider mismatches", () => {
    expect(lookupModelPrice('claude-3-5-haiku', 'vertex_ai')).toMatchObject({
      provider: 'vertex_ai-anthropic_models',
      inputPico: 1_000_000n,
      outputPico: 5_000_000n,
    });
    expect(lookupModelPrice('gpt-3.5-turbo-instruct', 'openai')?.provider).toBe(
      'text-completion-openai',
    );
    expect(lookupModelPrice('gpt-4o', 'azure_ai')?.provider).toBe('openai');
    expect(lookupModelPrice('anthropic.claude-3-5-haiku-20241022-v1:0', 'bedrock_converse')).toBe(
      lookupModelPrice('anthropic.claude-3-5-haiku-20241022-v1:0', 'bedrock'),
    );
  });

  it('falls back to a case-insensitive match', () => {
    expect(lookupModelPrice('GPT-4o', 'openai')).toBe(lookupModelPrice('gpt-4o', 'openai'));
    expect(lookupModelPrice('LLAMA-3.3-70B-Versatile', 'groq')?.inputPico).toBe(590_000n);
  });

  it('prices Bedrock cross-region and versioned ids through their stripped form', () => {
    const base = lookupModelPrice('anthropic.claude-3-5-haiku-20241022-v1:0', 'bedrock');
    expect(base?.inputPico).toBe(800_000n);
    // `apac.` has no key of its own for this model.
    expect(lookupModelPrice('apac.anthropic.claude-3-5-haiku-20241022-v1:0', 'bedrock')).toBe(base);
    expect(lookupModelPrice('anthropic.claude-instant-v1:2', 'bedrock')).toBe(
      lookupModelPrice('anthropic.claude-instant-v1', 'bedrock'),
    );
  });

  it('strips a trailing -NNN for Gemini and an OpenAI fine-tune to its base', () => {
    expect(lookupModelPrice('gemini-2.0-flash-009', 'gemini')).toBe(
      lookupModelPrice('gemini-2.0-flash', 'gemini'),
    );
    expect(lookupModelPrice('ft:gpt-4o-2024-08-06:my-org::abc123', 'openai')).toBe(
      lookupModelPrice('ft:gpt-4o-2024-08-06', 'openai'),
    );
    expect(lookupModelPrice('ft:gpt-4o-2024-08-06', 'openai')?.inputPico).toBe(3_750_000n);
  });

  it('tries the model without its first segment last', () => {
    expect(lookupModelPrice('azure/gpt-4o', 'azure')?.provider).toBe('azure');
  });

  it('returns the same cached object on every lookup', () => {
    expect(lookupModelPrice('gpt-4o', 'openai')).toBe(lookupModelPrice('gpt-4o', 'openai'));
    expect(Object.isFrozen(lookupModelPrice('gpt-4o', 'openai'))).toBe(true);
  });

  it('carries the long-context tier', () => {
    expect(lookupModelPrice('claude-sonnet-4-20250514', 'anthropic')?.tier).toEqual({
      thresholdTokens: 200_000,
      inputPico: 6_000_000n,
      outputPico: 22_500_000n,
      cacheReadPico: 600_000n,
      cacheWritePico: 7_500_000n,
    });
  });
});

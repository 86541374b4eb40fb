import { describe, expect, it } from 'vitest';
import { inferProviderFromModel } from './infer-provider-from-model.js';

describe('inferProviderFromModel', () => {
  it('reads the provider of the exact entry', () => {
    expect(inferProviderFromModel('gpt-4o')).toBe('openai');
    expect(inferProviderFromModel('claude-sonnet-4-20250514')).toBe('anthropic');
    expect(inferProviderFromModel('text-embedding-3-small')).toBe('openai');
    expect(inferProviderFromModel('deepseek-chat')).toBe('deepseek');
  });

  it('normalises LiteLLM sub-provider labels to llmux prefixes', () => {
    // vertex_ai-language-models, vertex_ai-embedding-models, text-completion-openai.
    expect(inferProviderFromModel('gemini-2.0-flash')).toBe('vertex_ai');
    expect(inferProviderFromModel('text-embedding-005')).toBe('vertex_ai');
    expect(inferProviderFromModel('gpt-3.5-turbo-instruct')).toBe('openai');
    expect(inferProviderFromModel('anthropic.claude-3-5-haiku-20241022-v1:0')).toBe('bedrock');
  });

  it('is undefined for unknown names and needs the exact spelling', () => {
    expect(inferProviderFromModel('not-a-model')).toBeUndefined();
    expect(inferProviderFromModel('GPT-4o')).toBeUndefined();
    expect(inferProviderFromModel('')).toBeUndefined();
  });
});

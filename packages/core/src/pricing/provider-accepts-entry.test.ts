import { describe, expect, it } from 'vitest';
import { providerAcceptsEntry } from './provider-accepts-entry.js';

describe('providerAcceptsEntry', () => {
  it('accepts the same provider and rejects another', () => {
    expect(providerAcceptsEntry('openai', 'openai')).toBe(true);
    expect(providerAcceptsEntry('anthropic', 'openai')).toBe(false);
    expect(providerAcceptsEntry('azure', 'openai')).toBe(false);
    expect(providerAcceptsEntry('gemini', 'vertex_ai-language-models')).toBe(false);
  });

  it('accepts the family mismatches LiteLLM allows', () => {
    expect(providerAcceptsEntry('vertex_ai', 'vertex_ai-anthropic_models')).toBe(true);
    expect(providerAcceptsEntry('vertex_ai_beta', 'vertex_ai-language-models')).toBe(true);
    expect(providerAcceptsEntry('bedrock', 'bedrock_converse')).toBe(true);
    expect(providerAcceptsEntry('fireworks_ai', 'fireworks_ai-embedding-models')).toBe(true);
    expect(providerAcceptsEntry('openai', 'text-completion-openai')).toBe(true);
    expect(providerAcceptsEntry('text-completion-openai', 'openai')).toBe(true);
    expect(providerAcceptsEntry('azure_ai', 'azure')).toBe(true);
    expect(providerAcceptsEntry('azure_ai', 'openai')).toBe(true);
    expect(providerAcceptsEntry('azure', 'azure_ai')).toBe(false);
    expect(providerAcceptsEntry('litellm_proxy', 'anthropic')).toBe(true);
  });
});

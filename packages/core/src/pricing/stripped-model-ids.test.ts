import { describe, expect, it } from 'vitest';
import { strippedModelIds } from './stripped-model-ids.js';

describe('strippedModelIds', () => {
  it('drops the Bedrock geo prefix, then the :N version', () => {
    expect(strippedModelIds('us.meta.llama3-2-11b-instruct-v1:0', 'bedrock')).toEqual([
      'meta.llama3-2-11b-instruct-v1:0',
      'meta.llama3-2-11b-instruct-v1',
      'us.meta.llama3-2-11b-instruct-v1',
    ]);
    expect(strippedModelIds('us-gov.anthropic.claude-v2', 'bedrock_converse')).toEqual([
      'anthropic.claude-v2',
    ]);
    expect(strippedModelIds('anthropic.claude-v2', 'bedrock')).toEqual([]);
  });

  it('drops a trailing -NNN only for Vertex, Gemini and Databricks', () => {
    expect(strippedModelIds('gemini-1.5-pro-002', 'vertex_ai')).toEqual(['gemini-1.5-pro']);
    expect(strippedModelIds('gemini-1.5-pro-002', 'gemini')).toEqual(['gemini-1.5-pro']);
    expect(strippedModelIds('model-002', 'openai')).toEqual([]);
  });

  it('reduces an OpenAI fine-tune to its base', () => {
    expect(strippedModelIds('ft:gpt-3.5-turbo:org:suffix:id', 'openai')).toEqual([
      'ft:gpt-3.5-turbo',
    ]);
    expect(strippedModelIds('ft:gpt-3.5-turbo', 'openai')).toEqual([]);
  });
});

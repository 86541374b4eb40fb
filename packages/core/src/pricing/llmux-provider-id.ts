/**
 * LiteLLM's `litellm_provider` label → the llmux provider prefix that serves it.
 * Vertex and Fireworks split their entries into sub-provider labels
 * (`vertex_ai-language-models`, `fireworks_ai-embedding-models`), Bedrock into `bedrock` and
 * `bedrock_converse`, and OpenAI's legacy completions are `text-completion-openai`.
 */
export function llmuxProviderId(litellmProvider: string): string {
  if (litellmProvider.startsWith('vertex_ai')) return 'vertex_ai';
  if (litellmProvider.startsWith('bedrock')) return 'bedrock';
  if (litellmProvider.startsWith('fireworks_ai')) return 'fireworks_ai';
  if (
    litellmProvider === 'text-completion-openai' ||
    litellmProvider === 'text_completion_openai'
  ) {
    return 'openai';
  }
  return litellmProvider;
}

/**
 * Which package serves which `provider/` prefix. Core never depends on these packages;
 * it imports the one a model string needs, the first time it is needed.
 */
export const providerPackages: Readonly<Record<string, string>> = {
  openai: '@llmux/openai',
  text_completion_openai: '@llmux/openai',
  anthropic: '@llmux/anthropic',
  azure: '@llmux/azure',
  groq: '@llmux/groq',
  ollama: '@llmux/ollama',
  ollama_chat: '@llmux/ollama',
  bedrock: '@llmux/bedrock',
  vertex_ai: '@llmux/vertex',
  gemini: '@llmux/vertex',
  deepseek: '@llmux/openai-compatible',
  mistral: '@llmux/openai-compatible',
  together_ai: '@llmux/openai-compatible',
  fireworks_ai: '@llmux/openai-compatible',
  openrouter: '@llmux/openai-compatible',
  xai: '@llmux/openai-compatible',
  perplexity: '@llmux/openai-compatible',
  deepinfra: '@llmux/openai-compatible',
  cerebras: '@llmux/openai-compatible',
  lm_studio: '@llmux/openai-compatible',
  hosted_vllm: '@llmux/openai-compatible',
};

import { llmuxProviderId } from './llmux-provider-id.js';

// Cross-region inference profiles (`us.anthropic.…`) are priced like the base model id.
const BEDROCK_GEO_PREFIX = /^(?:us|us-gov|eu|apac|jp|au|ca|global)\./;
const BEDROCK_VERSION_SUFFIX = /:\d+$/;
const NUMERIC_VERSION_SUFFIX = /-\d{3}$/;
const FINE_TUNE = /^(ft:[^:]+):/;
const NUMERIC_VERSION_PROVIDERS = new Set(['vertex_ai', 'gemini', 'databricks']);

/**
 * Versionless spellings of a model id, most specific first, as LiteLLM strips them before
 * looking a price up: Bedrock's geo prefix and `:N`, a trailing `-NNN` for Vertex, Gemini
 * and Databricks, and an OpenAI fine-tune down to its base (`ft:gpt-4o:org::id` →
 * `ft:gpt-4o`). Excludes the id itself.
 */
export function strippedModelIds(modelId: string, provider: string): string[] {
  const family = llmuxProviderId(provider);
  const variants: string[] = [];
  if (family === 'bedrock') {
    const withoutGeo = modelId.replace(BEDROCK_GEO_PREFIX, '');
    variants.push(
      withoutGeo,
      withoutGeo.replace(BEDROCK_VERSION_SUFFIX, ''),
      modelId.replace(BEDROCK_VERSION_SUFFIX, ''),
    );
  }
  if (NUMERIC_VERSION_PROVIDERS.has(family)) {
    variants.push(modelId.replace(NUMERIC_VERSION_SUFFIX, ''));
  }
  const fineTune = FINE_TUNE.exec(modelId);
  if (fineTune?.[1]) variants.push(fineTune[1]);
  return [...new Set(variants)].filter(variant => variant !== modelId && variant !== '');
}

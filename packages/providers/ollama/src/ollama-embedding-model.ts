import {
  type CallOptionsV1,
  type EmbeddingModelV1,
  type EmbeddingRequest,
  type EmbedResultV1,
  emptyUsage,
} from '@llmux/core';
import { encodeEmbeddingBase64 } from './encode-embedding-base64.js';
import { ollamaEmbedResponseSchema } from './ollama-api.js';
import type { OllamaConfig } from './ollama-config.js';
import { type UnsupportedParamContext, unsupportedParam } from './ollama-unsupported-param.js';
import { postOllamaRequest, rawResponseOf, readOllamaResponse } from './post-ollama-request.js';

const passThroughNames = ['truncate', 'keep_alive', 'options'] as const;

/** Embeddings through Ollama's `POST /api/embed`. */
export class OllamaEmbeddingModel implements EmbeddingModelV1 {
  readonly specificationVersion = 'v1';
  readonly provider: string;
  readonly modelId: string;
  private readonly config: OllamaConfig;

  constructor(config: OllamaConfig) {
    this.config = config;
    this.provider = config.provider;
    this.modelId = config.modelId;
  }

  async doEmbed(request: EmbeddingRequest, options: CallOptionsV1): Promise<EmbedResultV1> {
    const context: UnsupportedParamContext = {
      llmProvider: this.provider,
      model: this.modelId,
      dropParams: false,
      warnings: [],
    };
    const input = request.input;
    if (typeof input !== 'string' && input.some(item => typeof item !== 'string')) {
      // Token ids cannot be dropped: they are the input itself.
      unsupportedParam('input', 'Ollama embeds text only, not token ids.', context);
    }
    const raw = request as Record<string, unknown>;
    const body: Record<string, unknown> = { model: this.modelId, input };
    if (request.dimensions != null) body.dimensions = request.dimensions;
    for (const name of passThroughNames) {
      if (raw[name] !== undefined && raw[name] !== null) body[name] = raw[name];
    }
    const response = await postOllamaRequest({
      config: this.config,
      path: '/api/embed',
      body,
      options,
    });
    const answer = await readOllamaResponse(
      response,
      ollamaEmbedResponseSchema,
      this.config,
      options.abortSignal,
    );
    const base64 = request.encoding_format === 'base64';
    const promptTokens = answer.prompt_eval_count ?? 0;
    return {
      response: {
        object: 'list',
        data: answer.embeddings.map((vector, index) => ({
          object: 'embedding',
          index,
          embedding: base64 ? encodeEmbeddingBase64(vector) : vector,
        })),
        model: answer.model || this.modelId,
        usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
      },
      usage: { ...emptyUsage, promptTokens, totalTokens: promptTokens },
      rawResponse: rawResponseOf(response),
    };
  }
}

import type { OllamaLogprob } from './ollama-api.js';

/** Ollama's per-token `logprobs` → OpenAI's `choice.logprobs` (same fields, one level down). */
export function convertOllamaLogprobs(
  logprobs: ReadonlyArray<OllamaLogprob> | null | undefined,
): { content: unknown[]; refusal: null } | undefined {
  if (!logprobs || logprobs.length === 0) return undefined;
  return {
    content: logprobs.map(entry => ({
      token: entry.token,
      logprob: entry.logprob,
      bytes: entry.bytes ?? null,
      top_logprobs: (entry.top_logprobs ?? []).map(top => ({
        token: top.token,
        logprob: top.logprob,
        bytes: top.bytes ?? null,
      })),
    })),
    refusal: null,
  };
}

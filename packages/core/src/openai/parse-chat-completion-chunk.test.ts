import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chatCompletionChunkSchema } from './chat-completion-chunk.js';
import { parseChatCompletionChunk } from './parse-chat-completion-chunk.js';

/** Every OpenAI-format chunk recorded in the providers' fixtures (OpenAI, Azure, Groq, DeepSeek). */
function recordedChunks(): { file: string; payload: unknown }[] {
  const chunks: { file: string; payload: unknown }[] = [];
  for (const provider of ['openai', 'azure', 'groq', 'openai-compatible']) {
    const directory = new URL(`../../../providers/${provider}/src/__fixtures__/`, import.meta.url);
    for (const file of readdirSync(directory)) {
      if (!file.endsWith('.sse') && !file.endsWith('.chunks.txt')) continue;
      const text = readFileSync(new URL(file, directory), 'utf8');
      const lines = file.endsWith('.sse')
        ? text
            .split(/\r?\n/)
            .filter(line => line.startsWith('data:'))
            .map(line => line.slice(5).trim())
        : text.split(/\r?\n/).filter(line => line.trim() !== '');
      for (const line of lines) {
        if (line === '[DONE]') continue;
        chunks.push({ file: `${provider}/${file}`, payload: JSON.parse(line) });
      }
    }
  }
  return chunks;
}

function expectSameAsSchema(value: unknown): void {
  const fast = parseChatCompletionChunk(structuredClone(value));
  const schema = chatCompletionChunkSchema.safeParse(structuredClone(value));
  expect(fast.success).toBe(schema.success);
  if (fast.success && schema.success) expect(fast.data).toEqual(schema.data);
}

const textChunk = () => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1_770_933_892,
  model: 'gpt-4o-mini',
  system_fingerprint: 'fp_1',
  choices: [
    {
      index: 0,
      delta: { role: 'assistant', content: 'Hi', refusal: null },
      logprobs: null,
      finish_reason: null,
    },
  ],
  usage: null,
  obfuscation: 'kept',
});

describe('parseChatCompletionChunk', () => {
  const recorded = recordedChunks();

  it('agrees with the schema on every recorded chunk, and takes plain text chunks as they are', () => {
    expect(recorded.length).toBeGreaterThan(50);
    let asIs = 0;
    for (const { payload } of recorded) {
      expectSameAsSchema(payload);
      const result = parseChatCompletionChunk(payload);
      if (result.success && result.data === payload) asIs++;
    }
    // Most of a stream is text deltas; tool-call and usage chunks take the schema's path.
    expect(asIs).toBeGreaterThan(recorded.length / 2);
    expect(asIs).toBeLessThan(recorded.length);
  });

  it('returns a plain text chunk itself, unknown fields and all', () => {
    const chunk = textChunk();
    const result = parseChatCompletionChunk(chunk);
    expect(result.success && result.data).toBe(chunk);
  });

  it('refuses whatever the schema refuses, field by field', () => {
    const wrongValues: unknown[] = [undefined, null, 0, Number.NaN, '', 'x', {}, [], true];
    const mutations: ((chunk: ReturnType<typeof textChunk>, value: unknown) => void)[] = [
      (chunk, value) => Object.assign(chunk, { id: value }),
      (chunk, value) => Object.assign(chunk, { object: value }),
      (chunk, value) => Object.assign(chunk, { created: value }),
      (chunk, value) => Object.assign(chunk, { model: value }),
      (chunk, value) => Object.assign(chunk, { choices: value }),
      (chunk, value) => Object.assign(chunk, { system_fingerprint: value }),
      (chunk, value) => Object.assign(chunk, { usage: value }),
      (chunk, value) => Object.assign(chunk, { choices: [value] }),
      (chunk, value) => Object.assign(chunk.choices[0] ?? {}, { index: value }),
      (chunk, value) => Object.assign(chunk.choices[0] ?? {}, { delta: value }),
      (chunk, value) => Object.assign(chunk.choices[0] ?? {}, { finish_reason: value }),
      (chunk, value) => Object.assign(chunk.choices[0] ?? {}, { logprobs: value }),
      (chunk, value) => Object.assign(chunk.choices[0]?.delta ?? {}, { role: value }),
      (chunk, value) => Object.assign(chunk.choices[0]?.delta ?? {}, { content: value }),
      (chunk, value) => Object.assign(chunk.choices[0]?.delta ?? {}, { refusal: value }),
      (chunk, value) => Object.assign(chunk.choices[0]?.delta ?? {}, { reasoning_content: value }),
      (chunk, value) => Object.assign(chunk.choices[0]?.delta ?? {}, { tool_calls: value }),
    ];
    let refused = 0;
    for (const mutate of mutations) {
      for (const value of wrongValues) {
        const chunk = textChunk();
        mutate(chunk, value);
        expectSameAsSchema(chunk);
        if (!parseChatCompletionChunk(chunk).success) refused++;
      }
    }
    expect(refused).toBeGreaterThan(50);
    for (const value of [null, 'x', 1, []]) expectSameAsSchema(value);
  });
});

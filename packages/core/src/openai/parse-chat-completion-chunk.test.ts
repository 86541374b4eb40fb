import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chatCompletionChunkSchema } from './chat-completion-chunk.js';
import { parseChatCompletionChunk } from './parse-chat-completion-chunk.js';
import {
  countRefusals,
  countTakenAsIs,
  expectAgreesWithSchema,
  setEach,
} from './schema-agreement.test-helper.js';

const fast = { safeParse: parseChatCompletionChunk };

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
    const asIs = countTakenAsIs(
      fast,
      chatCompletionChunkSchema,
      recorded.map(({ payload }) => payload),
    );
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
    type Chunk = ReturnType<typeof textChunk>;
    const refused = countRefusals(fast, chatCompletionChunkSchema, textChunk, [
      ...setEach(
        ['id', 'object', 'created', 'model', 'choices', 'system_fingerprint', 'usage'],
        (chunk: Chunk) => chunk,
      ),
      (chunk, wrong) => Object.assign(chunk, { choices: [wrong] }),
      ...setEach(
        ['index', 'delta', 'finish_reason', 'logprobs'],
        (chunk: Chunk) => chunk.choices[0] ?? {},
      ),
      ...setEach(
        ['role', 'content', 'refusal', 'reasoning_content', 'tool_calls'],
        (chunk: Chunk) => chunk.choices[0]?.delta ?? {},
      ),
    ]);
    expect(refused).toBeGreaterThan(50);
    for (const value of [null, 'x', 1, []]) {
      expectAgreesWithSchema(fast, chatCompletionChunkSchema, value);
    }
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { chatCompletionSchema } from './chat-completion-response.js';
import { parseChatCompletion } from './parse-chat-completion.js';
import {
  countRefusals,
  countTakenAsIs,
  expectAgreesWithSchema,
  setEach,
} from './schema-agreement.test-helper.js';

const fast = { safeParse: (value: unknown) => parseChatCompletion(value) };

/** Every chat completion recorded in the providers' fixtures (OpenAI, Azure, Groq, DeepSeek). */
function recordedCompletions(): unknown[] {
  const completions: unknown[] = [];
  for (const provider of ['openai', 'azure', 'groq', 'openai-compatible']) {
    const directory = new URL(`../../../providers/${provider}/src/__fixtures__/`, import.meta.url);
    for (const file of readdirSync(directory)) {
      if (!file.endsWith('.json')) continue;
      const json = JSON.parse(readFileSync(new URL(file, directory), 'utf8'));
      const body = json?.object === 'chat.completion' ? json : json?.body;
      if (body?.object === 'chat.completion') completions.push(body);
    }
  }
  return completions;
}

const textCompletion = () => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1_770_933_892,
  model: 'gpt-4o-mini',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'Hi', refusal: null, annotations: [] },
      logprobs: null,
      finish_reason: 'stop',
    },
  ],
  usage: {
    prompt_tokens: 12,
    completion_tokens: 7,
    total_tokens: 19,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
  },
  service_tier: 'default',
  system_fingerprint: 'fp_1',
});

describe('parseChatCompletion', () => {
  it('agrees with the schema on every recorded completion, and takes text answers as they are', () => {
    const recorded = recordedCompletions();
    expect(recorded.length).toBeGreaterThanOrEqual(8);
    const asIs = countTakenAsIs(fast, chatCompletionSchema, recorded);
    // Tool-call answers take the schema's path.
    expect(asIs).toBeGreaterThan(recorded.length / 2);
    expect(asIs).toBeLessThan(recorded.length);
  });

  it('returns a text completion itself, unknown fields and all', () => {
    const completion = textCompletion();
    const result = parseChatCompletion(completion);
    expect(result.success && result.data).toBe(completion);
  });

  it('refuses whatever the schema refuses, field by field', () => {
    type Completion = ReturnType<typeof textCompletion>;
    const message = (completion: Completion) => completion.choices[0]?.message ?? {};
    const refused = countRefusals(fast, chatCompletionSchema, textCompletion, [
      ...setEach(
        [
          'id',
          'object',
          'created',
          'model',
          'choices',
          'usage',
          'system_fingerprint',
          'service_tier',
        ],
        (completion: Completion) => completion,
      ),
      (completion, wrong) => Object.assign(completion, { choices: [wrong] }),
      ...setEach(
        ['index', 'message', 'finish_reason', 'logprobs'],
        (completion: Completion) => completion.choices[0] ?? {},
      ),
      ...setEach(['role', 'content', 'refusal', 'tool_calls', 'reasoning_content'], message),
      ...setEach(
        [
          'prompt_tokens',
          'completion_tokens',
          'total_tokens',
          'prompt_tokens_details',
          'completion_tokens_details',
        ],
        (completion: Completion) => completion.usage,
      ),
      ...setEach(
        ['cached_tokens', 'audio_tokens'],
        (completion: Completion) => completion.usage.prompt_tokens_details,
      ),
      ...setEach(
        ['reasoning_tokens', 'audio_tokens'],
        (completion: Completion) => completion.usage.completion_tokens_details,
      ),
      // Valid values the fast path must still refuse to take as they are.
      (completion, wrong) => Object.assign(message(completion), { role: wrong ?? 'user' }),
      (completion, wrong) =>
        Object.assign(completion, { object: wrong ?? 'chat.completion.chunk' }),
    ]);
    expect(refused).toBeGreaterThan(100);
    const infinite = textCompletion();
    infinite.usage.total_tokens = Number.POSITIVE_INFINITY;
    for (const value of [null, 'x', 1, [], Number.POSITIVE_INFINITY, infinite]) {
      expectAgreesWithSchema(fast, chatCompletionSchema, value);
    }
  });

  it('leaves what its checks do not cover to the schema it is given', () => {
    const filled = z.preprocess(
      json => ({ ...(json as object), system_fingerprint: 'filled' }),
      chatCompletionSchema,
    );
    const plain = textCompletion();
    expect(parseChatCompletion(plain, filled)).toEqual({ success: true, data: plain });
    const withTools = textCompletion();
    Object.assign(withTools.choices[0]?.message ?? {}, {
      content: null,
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }],
    });
    const result = parseChatCompletion(withTools, filled);
    expect(result.success && result.data.system_fingerprint).toBe('filled');
  });
});

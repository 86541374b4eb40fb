import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { chatCompletionSchema } from './chat-completion-response.js';
import { parseChatCompletion } from './parse-chat-completion.js';

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

function expectSameAsSchema(value: unknown): void {
  const fast = parseChatCompletion(structuredClone(value));
  const schema = chatCompletionSchema.safeParse(structuredClone(value));
  expect(fast.success).toBe(schema.success);
  if (fast.success && schema.success) expect(fast.data).toEqual(schema.data);
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
    let asIs = 0;
    for (const completion of recorded) {
      expectSameAsSchema(completion);
      const result = parseChatCompletion(completion);
      if (result.success && result.data === completion) asIs++;
    }
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
    const wrongValues: unknown[] = [undefined, null, 0, Number.NaN, '', 'x', {}, [], true];
    type Completion = ReturnType<typeof textCompletion>;
    const choice = (completion: Completion) => completion.choices[0] ?? {};
    const message = (completion: Completion) => completion.choices[0]?.message ?? {};
    const mutations: ((completion: Completion, value: unknown) => void)[] = [
      ...['id', 'object', 'created', 'model', 'choices', 'usage'].map(
        field => (completion: Completion, value: unknown) =>
          Object.assign(completion, { [field]: value }),
      ),
      ...['system_fingerprint', 'service_tier'].map(
        field => (completion: Completion, value: unknown) =>
          Object.assign(completion, { [field]: value }),
      ),
      (completion, value) => Object.assign(completion, { choices: [value] }),
      ...['index', 'message', 'finish_reason', 'logprobs'].map(
        field => (completion: Completion, value: unknown) =>
          Object.assign(choice(completion), { [field]: value }),
      ),
      ...['role', 'content', 'refusal', 'tool_calls', 'reasoning_content'].map(
        field => (completion: Completion, value: unknown) =>
          Object.assign(message(completion), { [field]: value }),
      ),
      ...['prompt_tokens', 'completion_tokens', 'total_tokens'].map(
        field => (completion: Completion, value: unknown) =>
          Object.assign(completion.usage, { [field]: value }),
      ),
      ...['prompt_tokens_details', 'completion_tokens_details'].map(
        field => (completion: Completion, value: unknown) =>
          Object.assign(completion.usage, { [field]: value }),
      ),
      ...['cached_tokens', 'audio_tokens'].map(
        field => (completion: Completion, value: unknown) =>
          Object.assign(completion.usage.prompt_tokens_details, { [field]: value }),
      ),
      ...['reasoning_tokens', 'audio_tokens'].map(
        field => (completion: Completion, value: unknown) =>
          Object.assign(completion.usage.completion_tokens_details, { [field]: value }),
      ),
      (completion, value) => Object.assign(message(completion), { role: value ?? 'user' }),
      (completion, value) =>
        Object.assign(completion, { object: value ?? 'chat.completion.chunk' }),
    ];
    let refused = 0;
    for (const mutate of mutations) {
      for (const value of wrongValues) {
        const completion = textCompletion();
        mutate(completion, value);
        expectSameAsSchema(completion);
        if (!parseChatCompletion(completion).success) refused++;
      }
    }
    expect(refused).toBeGreaterThan(100);
    for (const value of [null, 'x', 1, [], Number.POSITIVE_INFINITY]) expectSameAsSchema(value);
    const infinite = textCompletion();
    infinite.usage.total_tokens = Number.POSITIVE_INFINITY;
    expectSameAsSchema(infinite);
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

import {
  type ChatCompletionRequest,
  ContentPolicyViolationError,
  completion,
  type FetchFunction,
  type ModelSettingsV1,
  type ProviderV1,
  providerPackages,
} from '@llmux/core';
import { createMockProviderServer, type MockProviderServer } from '@llmux/core/test';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { llmuxProviders, openAICompatibleFamily } from './openai-compatible-family.js';

const request: ChatCompletionRequest = {
  model: 'some-model',
  messages: [{ role: 'user', content: 'Hi' }],
};

const completionBody = {
  id: 'x',
  object: 'chat.completion',
  created: 1,
  model: 'some-model',
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
};

function providerFor(prefix: string): ProviderV1 {
  const provider = llmuxProviders.find(candidate => candidate.provider === prefix);
  if (!provider) throw new Error(`no provider ${prefix}`);
  return provider;
}

/** A fetch that records what it was asked and answers a fixed completion. */
function recordingFetch() {
  const calls: Array<{ url: string; headers: Record<string, string>; body: unknown }> = [];
  const fetch = vi.fn<FetchFunction>(async (input, init) => {
    calls.push({
      url: String(input),
      headers: init?.headers as Record<string, string>,
      body: JSON.parse(String(init?.body)),
    });
    return new Response(JSON.stringify(completionBody), {
      headers: { 'content-type': 'application/json' },
    });
  });
  return { fetch, calls };
}

const allEnvVars = openAICompatibleFamily.flatMap(config => [
  ...[config.apiKeyEnvVar ?? []].flat(),
  ...[config.apiBaseEnvVar ?? []].flat(),
]);

beforeEach(() => {
  for (const name of [...allEnvVars, 'OR_SITE_URL', 'OR_APP_NAME']) vi.stubEnv(name, '');
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('llmuxProviders', () => {
  it('serves every prefix core maps to @llmux/openai-compatible', () => {
    const prefixes = Object.entries(providerPackages)
      .filter(([, packageName]) => packageName === '@llmux/openai-compatible')
      .map(([prefix]) => prefix)
      .sort();
    expect(llmuxProviders.map(provider => provider.provider).sort()).toEqual(prefixes);
  });

  it.each([
    ['mistral', 'MISTRAL_API_KEY', 'https://api.mistral.ai/v1/chat/completions'],
    ['deepseek', 'DEEPSEEK_API_KEY', 'https://api.deepseek.com/chat/completions'],
    ['together_ai', 'TOGETHERAI_API_KEY', 'https://api.together.xyz/v1/chat/completions'],
    [
      'fireworks_ai',
      'FIREWORKS_AI_API_KEY',
      'https://api.fireworks.ai/inference/v1/chat/completions',
    ],
    ['openrouter', 'OPENROUTER_API_KEY', 'https://openrouter.ai/api/v1/chat/completions'],
    ['xai', 'XAI_API_KEY', 'https://api.x.ai/v1/chat/completions'],
    ['perplexity', 'PERPLEXITYAI_API_KEY', 'https://api.perplexity.ai/chat/completions'],
    ['deepinfra', 'DEEPINFRA_API_KEY', 'https://api.deepinfra.com/v1/openai/chat/completions'],
    ['cerebras', 'CEREBRAS_API_KEY', 'https://api.cerebras.ai/v1/chat/completions'],
  ])('%s: reads %s and calls %s', async (prefix, envVar, url) => {
    vi.stubEnv(envVar, `key-for-${prefix}`);
    const { fetch, calls } = recordingFetch();
    const provider = providerFor(prefix);

    await provider.chatModel('some-model', { fetch }).doGenerate(request, {});

    expect(provider.apiKeyEnvVar).toBe(envVar);
    expect(calls[0]?.url).toBe(url);
    expect(calls[0]?.headers.authorization).toBe(`Bearer key-for-${prefix}`);
  });

  it.each([
    ['mistral', 'MISTRAL_AZURE_API_KEY', 'MISTRAL_AZURE_API_BASE'],
    ['together_ai', 'TOGETHER_AI_API_KEY', 'TOGETHER_AI_API_BASE'],
    ['together_ai', 'TOGETHER_API_KEY', 'TOGETHER_AI_API_BASE'],
    ['fireworks_ai', 'FIREWORKS_API_KEY', 'FIREWORKS_API_BASE'],
    ['openrouter', 'OR_API_KEY', 'OPENROUTER_API_BASE'],
    ['perplexity', 'PERPLEXITY_API_KEY', 'PERPLEXITY_API_BASE'],
    ['deepseek', 'DEEPSEEK_API_KEY', 'DEEPSEEK_API_BASE'],
  ])('%s: also reads %s and %s', async (prefix, keyVar, baseVar) => {
    vi.stubEnv(keyVar, 'alt-key');
    vi.stubEnv(baseVar, 'https://gateway.example/v1/');
    const { fetch, calls } = recordingFetch();

    await providerFor(prefix).chatModel('m', { fetch }).doGenerate(request, {});

    expect(calls[0]?.url).toBe('https://gateway.example/v1/chat/completions');
    expect(calls[0]?.headers.authorization).toBe('Bearer alt-key');
  });

  it('fails with a 401 naming the env var when a hosted provider has no key', async () => {
    const { fetch } = recordingFetch();
    await expect(
      providerFor('xai').chatModel('grok-4', { fetch }).doGenerate(request, {}),
    ).rejects.toMatchObject({
      name: 'AuthenticationError',
      status: 401,
      llmProvider: 'xai',
      message: expect.stringMatching(/XAI_API_KEY/),
    });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('offers embeddings where the provider serves them', () => {
    const withEmbeddings = llmuxProviders
      .filter(provider => provider.embeddingModel !== undefined)
      .map(provider => provider.provider);
    expect(withEmbeddings).toEqual([
      'mistral',
      'together_ai',
      'fireworks_ai',
      'openrouter',
      'deepinfra',
      'hosted_vllm',
      'lm_studio',
    ]);
  });
});

describe('local servers', () => {
  it('lm_studio: defaults to localhost:1234 with no key and no auth header', async () => {
    const { fetch, calls } = recordingFetch();

    await providerFor('lm_studio').chatModel('qwen', { fetch }).doGenerate(request, {});

    expect(calls[0]?.url).toBe('http://localhost:1234/v1/chat/completions');
    expect(calls[0]?.headers.authorization).toBeUndefined();
  });

  it('hosted_vllm: needs an api_base, reads HOSTED_VLLM_API_BASE and an optional key', async () => {
    const { fetch, calls } = recordingFetch();
    const vllm = providerFor('hosted_vllm');

    await expect(vllm.chatModel('llama', { fetch }).doGenerate(request, {})).rejects.toMatchObject({
      name: 'BadRequestError',
      param: 'api_base',
      message: expect.stringMatching(/HOSTED_VLLM_API_BASE/),
    });

    vi.stubEnv('HOSTED_VLLM_API_BASE', 'http://gpu-box:8000/v1');
    await vllm.chatModel('llama', { fetch }).doGenerate(request, {});
    vi.stubEnv('HOSTED_VLLM_API_KEY', 'vllm-key');
    await vllm.chatModel('llama', { fetch }).doGenerate(request, {});

    expect(calls.map(call => call.url)).toEqual([
      'http://gpu-box:8000/v1/chat/completions',
      'http://gpu-box:8000/v1/chat/completions',
    ]);
    expect(calls[0]?.headers.authorization).toBeUndefined();
    expect(calls[1]?.headers.authorization).toBe('Bearer vllm-key');
  });
});

describe('per-provider quirks', () => {
  const settings = (fetch: FetchFunction): ModelSettingsV1 => ({ apiKey: 'k', fetch });

  it('mistral sends seed as random_seed', async () => {
    const { fetch, calls } = recordingFetch();
    await providerFor('mistral')
      .chatModel('mistral-small-latest', settings(fetch))
      .doGenerate({ ...request, seed: 7 }, {});
    expect(calls[0]?.body).toMatchObject({ random_seed: 7 });
    expect(calls[0]?.body).not.toHaveProperty('seed');
  });

  it('fireworks_ai prefixes bare model ids with its catalogue path', async () => {
    const { fetch, calls } = recordingFetch();
    const fireworks = providerFor('fireworks_ai');
    await fireworks
      .chatModel('llama-v3p1-8b-instruct', settings(fetch))
      .doGenerate({ ...request, model: 'llama-v3p1-8b-instruct' }, {});
    await fireworks
      .chatModel('accounts/me/models/mine', settings(fetch))
      .doGenerate({ ...request, model: 'accounts/me/models/mine' }, {});
    expect(calls.map(call => (call.body as { model: string }).model)).toEqual([
      'accounts/fireworks/models/llama-v3p1-8b-instruct',
      'accounts/me/models/mine',
    ]);
  });

  it('openrouter sends OR_SITE_URL and OR_APP_NAME as attribution headers', async () => {
    vi.stubEnv('OR_SITE_URL', 'https://example.com');
    vi.stubEnv('OR_APP_NAME', 'my-app');
    const { fetch, calls } = recordingFetch();
    await providerFor('openrouter')
      .chatModel('openai/gpt-4o', settings(fetch))
      .doGenerate(request, {});
    expect(calls[0]?.headers).toMatchObject({
      authorization: 'Bearer k',
      'http-referer': 'https://example.com',
      'x-title': 'my-app',
    });
  });

  it.each([
    ['perplexity', 'tools', { tools: [{ type: 'function' as const, function: { name: 'f' } }] }],
    ['perplexity', 'n', { n: 2 }],
    ['cerebras', 'presence_penalty', { presence_penalty: 0.5 }],
  ])('%s rejects %s (or drops it with drop_params)', async (prefix, param, extra) => {
    const { fetch, calls } = recordingFetch();
    const model = providerFor(prefix).chatModel('m', settings(fetch));

    await expect(model.doGenerate({ ...request, ...extra }, {})).rejects.toMatchObject({
      name: 'BadRequestError',
      param,
    });
    await model.doGenerate({ ...request, ...extra }, { dropParams: true });
    expect(calls[0]?.body).not.toHaveProperty(param);
  });
});

describe('deepseek', () => {
  let server: MockProviderServer;

  beforeAll(async () => {
    server = await createMockProviderServer();
  });

  afterAll(async () => {
    await server.close();
  });

  it('maps "Content Exists Risk" to a content-policy error', async () => {
    server.respond('POST /risk/chat/completions', {
      type: 'json',
      status: 400,
      body: { error: { message: 'Content Exists Risk', type: 'invalid_request_error' } },
    });
    const error = await providerFor('deepseek')
      .chatModel('deepseek-chat', { apiKey: 'k', apiBase: `${server.url}/risk` })
      .doGenerate(request, {})
      .catch((caught: unknown) => caught);
    expect(ContentPolicyViolationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, llmProvider: 'deepseek', isRetryable: false });
  });

  it('answers an unknown model with a non-retryable 400', async () => {
    server.respond('POST /model/chat/completions', {
      type: 'json',
      status: 400,
      body: { error: { message: 'Model Not Exist', type: 'invalid_request_error' } },
    });
    await expect(
      providerFor('deepseek')
        .chatModel('deepseek-nope', { apiKey: 'k', apiBase: `${server.url}/model` })
        .doGenerate(request, {}),
    ).rejects.toMatchObject({ name: 'BadRequestError', status: 400, isRetryable: false });
  });

  it('is reached by core completion() through the lazy registry', async () => {
    server.respond('POST /sdk/chat/completions', { type: 'json', body: completionBody });

    const response = await completion({
      model: 'deepseek/deepseek-chat',
      messages: [{ role: 'user', content: 'Hi' }],
      api_key: 'sk-test',
      api_base: `${server.url}/sdk`,
    });

    expect(response.choices[0]?.message.content).toBe('ok');
    expect(server.calls.at(-1)?.headers.authorization).toBe('Bearer sk-test');
  });
});

import {
  type APIError,
  AuthenticationError,
  type ChatCompletionRequest,
  type ChatModelV1,
  ContentPolicyViolationError,
  ContextWindowExceededError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
} from '@llmux/core';
import {
  convertReadableStreamToArray,
  createMockProviderServer,
  type MockProviderServer,
  type MockResponse,
} from '@llmux/core/test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  chunksOf,
  expectText,
  expectToolCalls,
  expectValidChunks,
  expectValidCompletion,
  finishReasonsOf,
  reassembleToolCalls,
  streamedText,
} from './conformance-assertions.js';
import {
  type ChatModelConformanceOptions,
  type ConformanceErrorName,
  type ConformanceFixtures,
  type ConformanceTestName,
  conformanceTestNames,
  type ErrorScenario,
} from './conformance-types.js';

const defaultRequest: ChatCompletionRequest = {
  model: 'conformance-model',
  messages: [
    { role: 'system', content: 'You are a helpful assistant.' },
    { role: 'user', content: 'Hello!' },
  ],
};

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

interface ErrorExpectation {
  errorClass: { isInstance(error: unknown): boolean; name: string };
  status: number;
  isRetryable: boolean;
}

const errorExpectations: Record<ConformanceErrorName, ErrorExpectation> = {
  auth: { errorClass: AuthenticationError, status: 401, isRetryable: false },
  permission: { errorClass: PermissionDeniedError, status: 403, isRetryable: false },
  notFound: { errorClass: NotFoundError, status: 404, isRetryable: false },
  rateLimit: { errorClass: RateLimitError, status: 429, isRetryable: true },
  contextWindow: { errorClass: ContextWindowExceededError, status: 400, isRetryable: false },
  contentPolicy: { errorClass: ContentPolicyViolationError, status: 400, isRetryable: false },
  server: { errorClass: InternalServerError, status: 500, isRetryable: true },
  overloaded: { errorClass: ServiceUnavailableError, status: 503, isRetryable: true },
};

const errorTests: Array<[ConformanceTestName, ConformanceErrorName]> = [
  ['error: auth', 'auth'],
  ['error: permission', 'permission'],
  ['error: not found', 'notFound'],
  ['error: rate limit', 'rateLimit'],
  ['error: context window', 'contextWindow'],
  ['error: content policy', 'contentPolicy'],
  ['error: server', 'server'],
  ['error: overloaded', 'overloaded'],
];

/** The default abort scenario: the first frames of the streamed text, then silence. */
function hangingStream(fixtures: ConformanceFixtures): MockResponse | undefined {
  if (fixtures.abort) return fixtures.abort.response;
  const response = fixtures.streamText?.response;
  if (response?.type !== 'sse') return undefined;
  return { ...response, events: response.events.slice(0, 2), end: 'hang', delayMs: undefined };
}

function skipReasons(options: ChatModelConformanceOptions): Map<ConformanceTestName, string> {
  const reasons = new Map<ConformanceTestName, string>();
  for (const entry of options.skip ?? []) {
    if (typeof entry.reason !== 'string' || entry.reason.trim() === '') {
      throw new Error(
        `${options.name}: every conformance skip needs a reason (tests: ${entry.tests.join(', ')})`,
      );
    }
    for (const test of entry.tests) {
      if (!conformanceTestNames.includes(test)) {
        throw new Error(`${options.name}: unknown conformance test "${test}" in skip`);
      }
      reasons.set(test, entry.reason.trim());
    }
  }
  return reasons;
}

async function rejectionOf(promise: Promise<unknown>): Promise<APIError> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: APIError) => error,
  );
}

/**
 * The chat-model conformance suite every adapter runs: text, stream text, tool call, stream
 * tool call, usage, each error class, a mid-stream error and an abort mid-stream, all against a
 * real loopback server, every output checked against core's OpenAI schemas. A test with no
 * fixture fails unless it is skipped, and a skip must say why.
 */
export function runChatModelConformance(options: ChatModelConformanceOptions): void {
  const reasons = skipReasons(options);
  const { fixtures } = options;
  const streamRoute = options.server.streamRoute ?? options.server.route;

  describe(options.name, () => {
    let server: MockProviderServer;
    let model: ChatModelV1;

    beforeEach(async () => {
      server = await createMockProviderServer();
      model = options.createModel({ url: server.url });
    });

    afterEach(async () => {
      await server.close();
    });

    function register(
      name: ConformanceTestName,
      fixture: unknown,
      test: () => Promise<void>,
    ): void {
      const reason = reasons.get(name);
      if (reason !== undefined) {
        it.skip(`${name} (skipped: ${reason})`, () => undefined);
        return;
      }
      if (fixture === undefined) {
        it(name, () => {
          throw new Error(`No fixture for "${name}": add one, or skip the test with a reason`);
        });
        return;
      }
      it(name, test);
    }

    function requestFor(overrides: Partial<ChatCompletionRequest> | undefined) {
      return { ...defaultRequest, ...overrides } as ChatCompletionRequest;
    }

    register('text', fixtures.text, async () => {
      const scenario = fixtures.text;
      if (!scenario) return;
      server.respond(options.server.route, scenario.response);

      const result = await model.doGenerate(requestFor(scenario.request), {});

      expectValidCompletion(result.response);
      const choice = result.response.choices[0];
      expectText(choice?.message.content, scenario.expect.content);
      expect(choice?.finish_reason).toBe(scenario.expect.finishReason ?? 'stop');
    });

    register('stream text', fixtures.streamText, async () => {
      const scenario = fixtures.streamText;
      if (!scenario) return;
      server.respond(streamRoute, scenario.response);

      const { stream } = await model.doStream(requestFor(scenario.request), {});
      const parts = await convertReadableStreamToArray(stream);

      expect(parts.filter(part => part.type === 'error')).toEqual([]);
      const chunks = expectValidChunks(parts);
      expectText(streamedText(chunks), scenario.expect.content);
      expect(finishReasonsOf(chunks)).toContain(scenario.expect.finishReason ?? 'stop');
    });

    register('tool call', fixtures.toolCall, async () => {
      const scenario = fixtures.toolCall;
      if (!scenario) return;
      server.respond(options.server.route, scenario.response);

      const result = await model.doGenerate(
        requestFor({ tools: [weatherTool], ...scenario.request }),
        {},
      );

      expectValidCompletion(result.response);
      const choice = result.response.choices[0];
      expect(choice?.finish_reason).toBe(scenario.expect.finishReason ?? 'tool_calls');
      const calls = (choice?.message.tool_calls ?? []).map(call => {
        expect(call.type).toBe('function');
        return { id: call.id, name: call.function.name, arguments: call.function.arguments };
      });
      expectToolCalls(calls, scenario.expect.toolCalls);
    });

    register('stream tool call', fixtures.streamToolCall, async () => {
      const scenario = fixtures.streamToolCall;
      if (!scenario) return;
      server.respond(streamRoute, scenario.response);

      const { stream } = await model.doStream(
        requestFor({ tools: [weatherTool], ...scenario.request }),
        {},
      );
      const parts = await convertReadableStreamToArray(stream);

      expect(parts.filter(part => part.type === 'error')).toEqual([]);
      const chunks = expectValidChunks(parts);
      expectToolCalls(reassembleToolCalls(chunks), scenario.expect.toolCalls);
      expect(finishReasonsOf(chunks)).toContain(scenario.expect.finishReason ?? 'tool_calls');
    });

    register('usage', fixtures.usage, async () => {
      const scenario = fixtures.usage;
      if (!scenario) return;
      server.respond(options.server.route, scenario.response);

      const result = await model.doGenerate(requestFor(scenario.request), {});

      expectValidCompletion(result.response);
      const expected = scenario.expect;
      expect(result.usage).toMatchObject(expected);
      const usage = result.response.usage;
      expect(usage, 'the OpenAI response carries usage').toBeTruthy();
      if (expected.promptTokens !== undefined) {
        expect(usage?.prompt_tokens).toBe(expected.promptTokens);
      }
      if (expected.completionTokens !== undefined) {
        expect(usage?.completion_tokens).toBe(expected.completionTokens);
      }
      if (expected.totalTokens !== undefined)
        expect(usage?.total_tokens).toBe(expected.totalTokens);
      if (expected.cachedReadTokens) {
        expect(usage?.prompt_tokens_details?.cached_tokens).toBe(expected.cachedReadTokens);
      }
      if (expected.reasoningTokens) {
        expect(usage?.completion_tokens_details?.reasoning_tokens).toBe(expected.reasoningTokens);
      }
    });

    register('stream usage', fixtures.streamUsage, async () => {
      const scenario = fixtures.streamUsage;
      if (!scenario) return;
      server.respond(streamRoute, scenario.response);

      const { stream } = await model.doStream(requestFor(scenario.request), {});
      const parts = await convertReadableStreamToArray(stream);

      expect(parts.filter(part => part.type === 'error')).toEqual([]);
      expectValidChunks(parts);
      const usageParts = parts.flatMap(part => (part.type === 'usage' ? [part.usage] : []));
      expect(usageParts.length, 'a usage part').toBeGreaterThan(0);
      expect(usageParts.at(-1)).toMatchObject(scenario.expect);
    });

    for (const [testName, errorName] of errorTests) {
      const scenario: ErrorScenario | undefined = fixtures.errors?.[errorName];
      register(testName, scenario, async () => {
        if (!scenario) return;
        const expectation = errorExpectations[errorName];
        server.respond(options.server.route, scenario.response);

        const error = await rejectionOf(model.doGenerate(requestFor(scenario.request), {}));

        expect(
          expectation.errorClass.isInstance(error),
          `${error?.name}: ${error?.message} is a ${expectation.errorClass.name}`,
        ).toBe(true);
        expect(error).toMatchObject({
          status: scenario.expect?.status ?? expectation.status,
          llmProvider: model.provider,
          isRetryable: expectation.isRetryable,
        });
        if (scenario.expect?.retryAfterMs !== undefined) {
          expect(error.retryAfterMs).toBe(scenario.expect.retryAfterMs);
        }
        if (scenario.expect?.message !== undefined) {
          expectText(error.message, scenario.expect.message);
        }
      });
    }

    register('stream error mid-way', fixtures.streamError, async () => {
      const scenario = fixtures.streamError;
      if (!scenario) return;
      server.respond(streamRoute, scenario.response);

      const { stream } = await model.doStream(requestFor(scenario.request), {});
      const parts = await convertReadableStreamToArray(stream);

      const last = parts.at(-1);
      expect(last?.type).toBe('error');
      if (last?.type !== 'error') return;
      expect(last.error.name).toBe(scenario.expect.errorName);
      expect(last.error.llmProvider).toBe(model.provider);
      const before = parts.slice(0, -1);
      expect(before.filter(part => part.type === 'error')).toEqual([]);
      expect(chunksOf(before).length).toBeGreaterThanOrEqual(scenario.expect.minChunksBefore ?? 1);
      if (chunksOf(before).length > 0) expectValidChunks(before);
    });

    const hanging = hangingStream(fixtures);
    register('abort mid-stream', hanging, async () => {
      if (!hanging) return;
      server.respond(streamRoute, hanging);
      const controller = new AbortController();

      const { stream } = await model.doStream(requestFor(fixtures.abort?.request), {
        abortSignal: controller.signal,
      });
      const reader = stream.getReader();
      expect((await reader.read()).value?.type).toBe('chunk');
      controller.abort();

      await expect(
        (async () => {
          while (!(await reader.read()).done) {}
        })(),
      ).rejects.toMatchObject({ name: 'AbortError' });
      await server.calls[0]?.clientClose;
      expect(server.calls[0]?.clientClosed, 'the upstream saw the connection close').toBe(true);
    });
  });
}

import type { ChatCompletionRequest, ChatModelV1, UsageV1 } from '@llmux/core';
import type { MockResponse } from '@llmux/core/test';

/** Every test the conformance suite registers, by the name `skip` refers to. */
export const conformanceTestNames = [
  'text',
  'stream text',
  'tool call',
  'stream tool call',
  'usage',
  'stream usage',
  'error: auth',
  'error: permission',
  'error: not found',
  'error: rate limit',
  'error: context window',
  'error: content policy',
  'error: server',
  'error: overloaded',
  'stream error mid-way',
  'abort mid-stream',
] as const;

export type ConformanceTestName = (typeof conformanceTestNames)[number];

export type ConformanceErrorName =
  | 'auth'
  | 'permission'
  | 'notFound'
  | 'rateLimit'
  | 'contextWindow'
  | 'contentPolicy'
  | 'server'
  | 'overloaded';

interface ScenarioBase {
  /** Merged over the suite's default request (model, a system and a user message). */
  request?: Partial<ChatCompletionRequest>;
  /** What the mock server answers (in the provider's own wire format). */
  response: MockResponse;
}

export interface TextScenario extends ScenarioBase {
  expect: {
    /** The whole assistant text (string: exact; RegExp: must match). */
    content: string | RegExp;
    /** Default `stop`. */
    finishReason?: string;
  };
}

export interface ExpectedToolCall {
  name: string;
  /** The JSON the arguments string must parse to. */
  arguments: unknown;
  /** Checked when given; otherwise the id must just be a non-empty string. */
  id?: string;
}

export interface ToolCallScenario extends ScenarioBase {
  expect: {
    toolCalls: ExpectedToolCall[];
    /** Default `tool_calls`. */
    finishReason?: string;
  };
}

export interface UsageScenario extends ScenarioBase {
  /** Normalised usage the adapter must report (checked against `usage` and the OpenAI output). */
  expect: Partial<UsageV1>;
}

export interface ErrorScenario extends ScenarioBase {
  expect?: {
    /** Default: the canonical status of the class (401, 403, 404, 429, 400, 400, 500, 503). */
    status?: number;
    /** Rate limit: the wait the upstream asked for (e.g. 19_000 for `retry-after: 19`). */
    retryAfterMs?: number;
    message?: string | RegExp;
  };
}

export interface StreamErrorScenario extends ScenarioBase {
  expect: {
    /** The error part's class name (`InternalServerError`, `RateLimitError`, `APIConnectionError` …). */
    errorName: string;
    /** Chunks that must arrive before the error part (default: at least one). */
    minChunksBefore?: number;
  };
}

export interface AbortScenario extends ScenarioBase {}

/** Per scenario, what to serve and what the OpenAI-shaped output must contain. */
export interface ConformanceFixtures {
  text?: TextScenario;
  streamText?: TextScenario;
  toolCall?: ToolCallScenario;
  streamToolCall?: ToolCallScenario;
  usage?: UsageScenario;
  streamUsage?: UsageScenario;
  errors?: Partial<Record<ConformanceErrorName, ErrorScenario>>;
  /** An error the provider sends after HTTP 200, mid-stream. */
  streamError?: StreamErrorScenario;
  /**
   * A stream that never finishes (`end: 'hang'`). Default: the first two frames of
   * `streamText` followed by a hang.
   */
  abort?: AbortScenario;
}

export interface ConformanceSkip {
  /** Why these tests do not apply (required, shown in the skipped test's title). */
  reason: string;
  tests: readonly ConformanceTestName[];
}

export interface ChatModelConformanceOptions {
  /** Title of the enclosing `describe`. */
  name: string;
  /** A model pointed at the mock server (`server.url`, no trailing slash). */
  createModel: (server: { url: string }) => ChatModelV1;
  /** The route the adapter calls: `'POST /v1/chat/completions'`; `streamRoute` when streaming differs. */
  server: { route: string; streamRoute?: string };
  fixtures: ConformanceFixtures;
  skip?: readonly ConformanceSkip[];
}

import {
  type ChatCompletion,
  type ChatCompletionChunk,
  type ChatStreamPartV1,
  chatCompletionChunkSchema,
  chatCompletionSchema,
} from '@llmux/core';
import { expect } from 'vitest';
import type { ExpectedToolCall } from './conformance-types.js';

const openAIFinishReasons = ['stop', 'length', 'tool_calls', 'content_filter', 'function_call'];

function firstIssue(error: { issues: Array<{ path: PropertyKey[]; message: string }> }): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid';
}

/** A non-streamed answer must be a valid OpenAI `chat.completion`. */
export function expectValidCompletion(completion: ChatCompletion): void {
  const parsed = chatCompletionSchema.safeParse(completion);
  expect(parsed.success, parsed.success ? '' : firstIssue(parsed.error)).toBe(true);
  expect(completion.object).toBe('chat.completion');
  expect(typeof completion.id).toBe('string');
  expect(completion.id).not.toBe('');
  expect(Number.isFinite(completion.created)).toBe(true);
  expect(completion.choices.length).toBeGreaterThan(0);
  for (const choice of completion.choices) {
    expect(choice.message.role).toBe('assistant');
    if (choice.finish_reason !== null) expect(openAIFinishReasons).toContain(choice.finish_reason);
  }
}

/** Every streamed chunk must be a valid OpenAI `chat.completion.chunk`. */
export function expectValidChunks(parts: ChatStreamPartV1[]): ChatCompletionChunk[] {
  const chunks = chunksOf(parts);
  expect(chunks.length).toBeGreaterThan(0);
  for (const chunk of chunks) {
    const parsed = chatCompletionChunkSchema.safeParse(chunk);
    expect(parsed.success, parsed.success ? '' : firstIssue(parsed.error)).toBe(true);
    expect(chunk.object).toBe('chat.completion.chunk');
    for (const choice of chunk.choices) {
      const reason = choice.finish_reason;
      if (reason !== null && reason !== undefined) expect(openAIFinishReasons).toContain(reason);
    }
  }
  return chunks;
}

export function chunksOf(parts: ChatStreamPartV1[]): ChatCompletionChunk[] {
  return parts.flatMap(part => (part.type === 'chunk' ? [part.chunk] : []));
}

export function streamedText(chunks: ChatCompletionChunk[]): string {
  return chunks.map(chunk => chunk.choices[0]?.delta.content ?? '').join('');
}

export function finishReasonsOf(chunks: ChatCompletionChunk[]): string[] {
  return chunks.flatMap(chunk =>
    chunk.choices.flatMap(choice => (choice.finish_reason ? [choice.finish_reason] : [])),
  );
}

export function expectText(actual: string | null | undefined, expected: string | RegExp): void {
  if (typeof expected === 'string') expect(actual).toBe(expected);
  else expect(actual ?? '').toMatch(expected);
}

export function expectToolCalls(
  actual: Array<{ id: string; name: string; arguments: string }>,
  expected: ExpectedToolCall[],
): void {
  expect(actual.map(call => call.name)).toEqual(expected.map(call => call.name));
  actual.forEach((call, index) => {
    const wanted = expected[index];
    expect(call.id).not.toBe('');
    if (wanted?.id !== undefined) expect(call.id).toBe(wanted.id);
    expect(JSON.parse(call.arguments)).toEqual(wanted?.arguments);
  });
}

/**
 * Tool calls put back together from their deltas, by index; checks OpenAI's delta shape on the
 * way (id and name in the first delta of each index, argument fragments after).
 */
export function reassembleToolCalls(
  chunks: ChatCompletionChunk[],
): Array<{ id: string; name: string; arguments: string }> {
  const calls: Array<{ id: string; name: string; arguments: string }> = [];
  for (const chunk of chunks) {
    for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
      expect(Number.isInteger(delta.index)).toBe(true);
      let call = calls[delta.index];
      if (call === undefined) {
        expect(delta.id, `first delta of tool call ${delta.index} has an id`).toBeTruthy();
        expect(
          delta.function?.name,
          `first delta of tool call ${delta.index} has a name`,
        ).toBeTruthy();
        call = { id: '', name: '', arguments: '' };
        calls[delta.index] = call;
      }
      call.id += delta.id ?? '';
      call.name += delta.function?.name ?? '';
      call.arguments += delta.function?.arguments ?? '';
    }
  }
  return calls;
}

import { BadRequestError, type ChatCompletionMessage } from '@llmux/core';
import type { AnthropicRequestBlock, AnthropicRequestMessage } from './anthropic-request-types.js';

interface ConversionContext {
  llmProvider: string;
  model: string;
}

type UserContentPart = Exclude<
  Extract<ChatCompletionMessage, { role: 'user' }>['content'],
  string
>[number];

function badRequest(message: string, param: string, context: ConversionContext): BadRequestError {
  return new BadRequestError({
    message,
    param,
    llmProvider: context.llmProvider,
    model: context.model,
  });
}

function cacheControlOf(value: object): unknown {
  return (value as { cache_control?: unknown }).cache_control;
}

function withCacheControl(
  block: AnthropicRequestBlock,
  cacheControl: unknown,
): AnthropicRequestBlock {
  return cacheControl === undefined || cacheControl === null
    ? block
    : { ...block, cache_control: cacheControl };
}

/** A message-level `cache_control` (LiteLLM's form) marks the last block of that message. */
function applyMessageCacheControl(blocks: AnthropicRequestBlock[], message: object): void {
  const cacheControl = cacheControlOf(message);
  const last = blocks.at(-1);
  if (last && cacheControl !== undefined && cacheControl !== null) {
    blocks[blocks.length - 1] = { ...last, cache_control: cacheControl };
  }
}

function textBlocks(
  content: string | ReadonlyArray<{ type: string; text?: unknown }> | null | undefined,
): AnthropicRequestBlock[] {
  if (content === null || content === undefined) return [];
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  const blocks: AnthropicRequestBlock[] = [];
  for (const part of content) {
    if (part.type === 'text' && typeof part.text === 'string' && part.text !== '') {
      blocks.push(withCacheControl({ type: 'text', text: part.text }, cacheControlOf(part)));
    }
  }
  return blocks;
}

const dataUrlPattern = /^data:([^;,]+)((?:;[^;,]+)*?);base64,(.*)$/s;

function mediaBlock(url: string, param: string, context: ConversionContext): AnthropicRequestBlock {
  if (url.startsWith('data:')) {
    const match = dataUrlPattern.exec(url);
    if (!match) {
      throw badRequest(
        'Anthropic takes data: URLs only in base64 form (data:<media type>;base64,<data>).',
        param,
        context,
      );
    }
    const [, mediaType = '', , data = ''] = match;
    const type = mediaType === 'application/pdf' ? 'document' : 'image';
    return { type, source: { type: 'base64', media_type: mediaType, data } };
  }
  if (/^https?:\/\//i.test(url)) return { type: 'image', source: { type: 'url', url } };
  throw badRequest(`Unsupported image URL for Anthropic: ${url.slice(0, 40)}`, param, context);
}

function userPart(
  part: UserContentPart,
  param: string,
  context: ConversionContext,
): AnthropicRequestBlock | undefined {
  const cacheControl = cacheControlOf(part);
  switch (part.type) {
    case 'text': {
      const text = (part as { text: string }).text;
      return text === '' ? undefined : withCacheControl({ type: 'text', text }, cacheControl);
    }
    case 'image_url': {
      const url = (part as { image_url: { url: string } }).image_url.url;
      return withCacheControl(mediaBlock(url, `${param}.image_url.url`, context), cacheControl);
    }
    case 'file': {
      const fileData = (part as { file?: { file_data?: unknown } }).file?.file_data;
      if (typeof fileData !== 'string') {
        throw badRequest('Anthropic takes files as file_data (a data: URL).', param, context);
      }
      return withCacheControl(
        mediaBlock(fileData, `${param}.file.file_data`, context),
        cacheControl,
      );
    }
    case 'input_audio':
      throw badRequest('Anthropic does not accept audio input.', param, context);
    default:
      // Anthropic's own block types (`document`, `search_result` …) go through as given.
      return part as AnthropicRequestBlock;
  }
}

function parseToolArguments(text: string, param: string, context: ConversionContext): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('Tool call arguments must be a JSON object.', param, context);
  }
}

function assistantBlocks(
  message: Extract<ChatCompletionMessage, { role: 'assistant' }>,
  param: string,
  context: ConversionContext,
): AnthropicRequestBlock[] {
  // Thinking blocks (with their signatures) must come back first when tools are in play.
  const thinkingBlocks = (message as { thinking_blocks?: unknown }).thinking_blocks;
  const blocks: AnthropicRequestBlock[] = Array.isArray(thinkingBlocks)
    ? [...(thinkingBlocks as AnthropicRequestBlock[])]
    : [];
  blocks.push(...textBlocks(message.content as Parameters<typeof textBlocks>[0]));
  message.tool_calls?.forEach((call, index) => {
    blocks.push(
      withCacheControl(
        {
          type: 'tool_use',
          id: call.id,
          name: call.function.name,
          input: parseToolArguments(
            call.function.arguments,
            `${param}.tool_calls[${index}].function.arguments`,
            context,
          ),
        },
        cacheControlOf(call),
      ),
    );
  });
  return blocks;
}

interface Turn {
  role: 'user' | 'assistant';
  content: AnthropicRequestBlock[];
}

/** Appends a turn, merging it into the previous one when the role repeats (Anthropic alternates roles). */
function pushTurn(
  turns: Turn[],
  role: 'user' | 'assistant',
  blocks: AnthropicRequestBlock[],
): void {
  if (blocks.length === 0) return;
  const previous = turns.at(-1);
  if (previous?.role === role) previous.content.push(...blocks);
  else turns.push({ role, content: blocks });
}

/** A final assistant turn is a prefill, which Anthropic rejects with trailing whitespace. */
function trimPrefill(turns: Turn[]): void {
  const last = turns.at(-1);
  const block = last?.role === 'assistant' ? last.content.at(-1) : undefined;
  if (block?.type === 'text' && typeof block.text === 'string') {
    block.text = block.text.trimEnd();
  }
}

/** One plain text block reads better (and is sent by Anthropic's SDKs) as a string. */
function compact(blocks: AnthropicRequestBlock[]): string | AnthropicRequestBlock[] {
  const [only] = blocks;
  if (
    blocks.length === 1 &&
    only?.type === 'text' &&
    typeof only.text === 'string' &&
    only.cache_control === undefined
  ) {
    return only.text;
  }
  return blocks;
}

/**
 * OpenAI messages as Anthropic's `system` and `messages`: system and developer messages are
 * lifted out, tool results become `tool_result` blocks in a user turn, and consecutive
 * turns of one role are merged. `cache_control` on messages and parts is kept.
 */
export function convertToAnthropicMessages(
  input: readonly ChatCompletionMessage[],
  context: ConversionContext,
): { system: string | AnthropicRequestBlock[] | undefined; messages: AnthropicRequestMessage[] } {
  const system: AnthropicRequestBlock[] = [];
  const messages: Turn[] = [];
  input.forEach((message, index) => {
    const param = `messages[${index}]`;
    switch (message.role) {
      case 'system':
      case 'developer': {
        const blocks = textBlocks(message.content);
        applyMessageCacheControl(blocks, message);
        system.push(...blocks);
        return;
      }
      case 'user': {
        const blocks =
          typeof message.content === 'string'
            ? textBlocks(message.content)
            : message.content.flatMap((part, partIndex) => {
                const block = userPart(part, `${param}.content[${partIndex}]`, context);
                return block ? [block] : [];
              });
        applyMessageCacheControl(blocks, message);
        pushTurn(messages, 'user', blocks);
        return;
      }
      case 'assistant': {
        const blocks = assistantBlocks(message, param, context);
        applyMessageCacheControl(blocks, message);
        pushTurn(messages, 'assistant', blocks);
        return;
      }
      case 'tool': {
        const content =
          typeof message.content === 'string' ? message.content : textBlocks(message.content);
        const block = withCacheControl(
          { type: 'tool_result', tool_use_id: message.tool_call_id, content },
          cacheControlOf(message),
        );
        pushTurn(messages, 'user', [block]);
        return;
      }
      case 'function':
        throw badRequest(
          "Legacy 'function' messages are not supported for Anthropic; use tool messages.",
          `${param}.role`,
          context,
        );
    }
  });
  trimPrefill(messages);
  return {
    system: system.length > 0 ? compact(system) : undefined,
    messages: messages.map(turn => ({ role: turn.role, content: compact(turn.content) })),
  };
}

import {
  BadRequestError,
  type ChatCompletionContentPart,
  type ChatCompletionMessage,
  type ChatCompletionMessageToolCall,
} from '@llmux/core';
import type { OllamaMessage } from './ollama-api.js';

interface ConversionContext {
  llmProvider: string;
  model: string;
}

function badRequest(message: string, param: string, context: ConversionContext): BadRequestError {
  return new BadRequestError({
    message,
    param,
    llmProvider: context.llmProvider,
    model: context.model,
  });
}

const dataUrlPattern = /^data:([^;,]*)((?:;[^;,]*)*);base64,([A-Za-z0-9+/=\s_-]*)$/;

/** The base64 payload of a `data:` image URL, which is what `images` takes (no prefix). */
function imageBase64(url: string, param: string, context: ConversionContext): string {
  const match = dataUrlPattern.exec(url);
  if (match) {
    const mediaType = match[1] ?? '';
    if (mediaType === '' || mediaType.toLowerCase().startsWith('image/')) {
      return (match[3] ?? '').replace(/\s/g, '');
    }
    throw badRequest(
      `Ollama accepts only images in user messages, not '${mediaType}'.`,
      param,
      context,
    );
  }
  if (/^https?:\/\//i.test(url)) {
    throw badRequest(
      "Ollama's /api/chat does not take image URLs, only base64 data. Send the image as a data: URL (data:image/png;base64,…); llmux does not download images.",
      param,
      context,
    );
  }
  throw badRequest(
    'Invalid image: expected a base64 data: URL (data:image/png;base64,…).',
    param,
    context,
  );
}

function textOfParts(
  parts: ReadonlyArray<ChatCompletionContentPart>,
  param: string,
  context: ConversionContext,
): string {
  const texts: string[] = [];
  parts.forEach((part, index) => {
    if (part.type === 'text' && typeof part.text === 'string') texts.push(part.text);
    // An assistant turn replayed with its refusal keeps the words the model said.
    else if (part.type === 'refusal' && typeof part.refusal === 'string') texts.push(part.refusal);
    else {
      throw badRequest(
        `Ollama does not support '${part.type}' content parts here.`,
        `${param}[${index}]`,
        context,
      );
    }
  });
  return texts.join('\n');
}

function convertUserContent(
  content: string | ReadonlyArray<ChatCompletionContentPart>,
  param: string,
  context: ConversionContext,
): { content: string; images?: string[] } {
  if (typeof content === 'string') return { content };
  const texts: string[] = [];
  const images: string[] = [];
  content.forEach((part, index) => {
    const partParam = `${param}[${index}]`;
    if (part.type === 'text' && typeof part.text === 'string') {
      texts.push(part.text);
    } else if (part.type === 'image_url') {
      const imageUrl = part.image_url as { url?: unknown } | string | undefined;
      const url = typeof imageUrl === 'string' ? imageUrl : imageUrl?.url;
      if (typeof url !== 'string') throw badRequest('Missing image_url.url.', partParam, context);
      images.push(imageBase64(url, partParam, context));
    } else {
      throw badRequest(
        `Ollama does not support '${part.type}' content parts; send text and images only.`,
        partParam,
        context,
      );
    }
  });
  return images.length > 0 ? { content: texts.join('\n'), images } : { content: texts.join('\n') };
}

function parseArguments(
  text: string,
  param: string,
  context: ConversionContext,
): Record<string, unknown> {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest(
      'Tool call arguments must be a JSON object: Ollama takes them as an object, not a string.',
      param,
      context,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw badRequest('Tool call arguments must be a JSON object.', param, context);
  }
  return parsed as Record<string, unknown>;
}

function convertToolCalls(
  toolCalls: ReadonlyArray<ChatCompletionMessageToolCall>,
  param: string,
  context: ConversionContext,
): NonNullable<OllamaMessage['tool_calls']> {
  return toolCalls.map((call, index) => ({
    id: call.id,
    function: {
      name: call.function.name,
      arguments: parseArguments(
        call.function.arguments,
        `${param}[${index}].function.arguments`,
        context,
      ),
    },
  }));
}

/**
 * OpenAI messages → `/api/chat` messages: content always a string, images as bare base64,
 * tool-call arguments as objects, tool results named after the function they answer.
 */
export function convertToOllamaMessages(
  messages: ReadonlyArray<ChatCompletionMessage>,
  context: ConversionContext,
): OllamaMessage[] {
  // Ids map to function names as they were last seen: ids such as `call_0` repeat across turns.
  const toolNames = new Map<string, string>();
  return messages.map((message, index): OllamaMessage => {
    const param = `messages[${index}]`;
    switch (message.role) {
      case 'system':
      case 'developer':
        return {
          role: 'system',
          content:
            typeof message.content === 'string'
              ? message.content
              : textOfParts(message.content, `${param}.content`, context),
        };
      case 'user':
        return {
          role: 'user',
          ...convertUserContent(message.content, `${param}.content`, context),
        };
      case 'assistant': {
        const converted: OllamaMessage = {
          role: 'assistant',
          content:
            message.content === null || message.content === undefined
              ? ''
              : typeof message.content === 'string'
                ? message.content
                : textOfParts(message.content, `${param}.content`, context),
        };
        if (message.reasoning_content) converted.thinking = message.reasoning_content;
        if (message.tool_calls && message.tool_calls.length > 0) {
          converted.tool_calls = convertToolCalls(
            message.tool_calls,
            `${param}.tool_calls`,
            context,
          );
          for (const call of message.tool_calls) toolNames.set(call.id, call.function.name);
        }
        return converted;
      }
      case 'tool': {
        const converted: OllamaMessage = {
          role: 'tool',
          content:
            typeof message.content === 'string'
              ? message.content
              : textOfParts(message.content, `${param}.content`, context),
          tool_call_id: message.tool_call_id,
        };
        const toolName = toolNames.get(message.tool_call_id);
        if (toolName !== undefined) converted.tool_name = toolName;
        return converted;
      }
      default:
        // The legacy `function` role: a tool result named by its function.
        return { role: 'tool', content: message.content ?? '', tool_name: message.name };
    }
  });
}

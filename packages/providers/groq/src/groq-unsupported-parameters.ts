import type { UnsupportedParameter } from '@llmux/openai-compatible';

function messagesOf(body: Record<string, unknown>): Array<Record<string, unknown>> {
  return Array.isArray(body.messages) ? (body.messages as Array<Record<string, unknown>>) : [];
}

/**
 * What Groq answers with a 400 (https://console.groq.com/docs/openai, "Unsupported Features"):
 * `logprobs`, `logit_bias`, `top_logprobs`, `messages[].name`, and `n` other than 1.
 */
export const groqUnsupportedParameters: readonly UnsupportedParameter[] = [
  { name: 'logprobs', when: value => value === true },
  'logit_bias',
  'top_logprobs',
  {
    name: 'n',
    when: value => typeof value === 'number' && value !== 1,
    reason: 'only n=1 is supported',
  },
  {
    name: 'messages[].name',
    // Function-role messages (legacy) need their name; only the optional participant name goes.
    read: body =>
      messagesOf(body).some(message => message.role !== 'function' && message.name !== undefined)
        ? true
        : undefined,
    drop: body => ({
      ...body,
      messages: messagesOf(body).map(message => {
        if (message.role === 'function') return message;
        const { name: _name, ...rest } = message;
        return rest;
      }),
    }),
  },
];

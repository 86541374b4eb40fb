import { BadRequestError } from '@llmux/core';

/** A clear 400 for a body without `model`, before the schema's generic message. */
export function requireModel(body: Record<string, unknown>): void {
  if (body.model === undefined || body.model === null || body.model === '') {
    throw new BadRequestError({
      message:
        'Missing required parameter: model. Pass the name of a model group; call `/v1/models` to view available models for your key.',
      param: 'model',
    });
  }
}

/** LiteLLM's message for a model name no deployment serves. */
export function unknownModelError(model: string): BadRequestError {
  return new BadRequestError({
    message: `Invalid model name passed in model=${model}. Call \`/v1/models\` to view available models for your key.`,
    param: 'model',
  });
}

import { BadRequestError } from '@llmux/core';

export interface UnsupportedParamContext {
  llmProvider: string;
  model: string;
  dropParams: boolean | undefined;
  /** Collects what was dropped, for the result's `warnings`. */
  warnings: string[];
}

/**
 * A parameter Ollama cannot honour: a `BadRequestError` naming it, or (with `drop_params`)
 * a warning and the parameter is left out.
 */
export function unsupportedParam(
  param: string,
  reason: string,
  context: UnsupportedParamContext,
): void {
  if (context.dropParams) {
    context.warnings.push(`Dropped '${param}': ${reason}`);
    return;
  }
  throw new BadRequestError({
    message: `${context.llmProvider} does not support '${param}': ${reason} Remove it, or set drop_params: true to drop it.`,
    param,
    llmProvider: context.llmProvider,
    model: context.model,
  });
}

import { isAzureApiVersionBefore } from './azure-api-version.js';
import type { AzureDeployment } from './azure-deployment.js';

/**
 * Last edits of the chat body: the deployment name as `model`; `max_tokens` renamed for
 * reasoning deployments (Azure refuses it there); no `stream_options` for API versions that
 * predate it (2024-09-01-preview), which would otherwise reject every streamed call.
 */
export function transformAzureRequest(
  body: Record<string, unknown>,
  {
    deployment,
    apiVersion,
    stream,
  }: { deployment: AzureDeployment; apiVersion: string; stream: boolean },
): Record<string, unknown> {
  const result = { ...body };
  if ('model' in result) result.model = deployment.name;
  if (
    deployment.isReasoningModel &&
    result.max_tokens !== undefined &&
    result.max_tokens !== null
  ) {
    result.max_completion_tokens ??= result.max_tokens;
    delete result.max_tokens;
  }
  if (stream && isAzureApiVersionBefore(apiVersion, '2024-09-01')) delete result.stream_options;
  return result;
}

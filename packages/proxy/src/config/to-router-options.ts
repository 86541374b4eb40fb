import { deploymentId, type RouterOptions } from '@llmux/router';
import type { ProxyConfig } from './config-schema.js';
import { unimplementedLitellmParams } from './ignored-keys.js';

/** The router's options from the config; `router_settings` wins over `litellm_settings`, as in LiteLLM. */
export function toRouterOptions(config: ProxyConfig): RouterOptions {
  const model_list = config.model_list.map(deployment => {
    const litellmParams: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(deployment.litellm_params)) {
      if (!unimplementedLitellmParams.has(key)) litellmParams[key] = value;
    }
    return {
      model_name: deployment.model_name,
      litellm_params: { ...litellmParams, model: deployment.litellm_params.model },
      // The id is taken before stripping, so it matches the id LiteLLM gives the same entry.
      model_info: { ...deployment.model_info, id: deploymentId(deployment) },
    };
  });
  return {
    model_list,
    num_retries: config.router_settings.num_retries ?? config.litellm_settings.num_retries,
    timeout: config.router_settings.timeout ?? config.litellm_settings.request_timeout,
    drop_params: config.litellm_settings.drop_params,
  };
}

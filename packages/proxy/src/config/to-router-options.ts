import { deploymentId, type RouterOptions } from '@llmux/router';
import type { ProxyConfig } from './config-schema.js';
import { unimplementedLitellmParams } from './ignored-keys.js';

type RoutingStrategyName = NonNullable<RouterOptions['routing_strategy']>;

/**
 * The router's options from the config: every `router_settings` key the router implements,
 * and the `litellm_settings` keys LiteLLM's router also reads (`num_retries`,
 * `request_timeout`, `allowed_fails`, `cooldown_time`, the fallback lists, `drop_params`);
 * `router_settings` wins, as in LiteLLM.
 */
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
  const router = config.router_settings;
  const litellm = config.litellm_settings;
  return {
    model_list,
    routing_strategy: router.routing_strategy as RoutingStrategyName | undefined,
    routing_strategy_args: router.routing_strategy_args,
    num_retries: router.num_retries ?? litellm.num_retries,
    timeout: router.timeout ?? litellm.request_timeout,
    stream_timeout: router.stream_timeout,
    retry_after: router.retry_after,
    drop_params: litellm.drop_params,
    allowed_fails: router.allowed_fails ?? litellm.allowed_fails,
    allowed_fails_policy: router.allowed_fails_policy,
    cooldown_time: router.cooldown_time ?? litellm.cooldown_time,
    disable_cooldowns: router.disable_cooldowns,
    retry_policy: router.retry_policy,
    model_group_retry_policy: router.model_group_retry_policy,
    fallbacks: router.fallbacks ?? litellm.fallbacks,
    context_window_fallbacks: router.context_window_fallbacks ?? litellm.context_window_fallbacks,
    content_policy_fallbacks: router.content_policy_fallbacks ?? litellm.content_policy_fallbacks,
    default_fallbacks: router.default_fallbacks ?? litellm.default_fallbacks,
    max_fallbacks: router.max_fallbacks,
    enable_pre_call_checks: router.enable_pre_call_checks,
    enable_tag_filtering: router.enable_tag_filtering,
    tag_filtering_match_any: router.tag_filtering_match_any,
    model_group_alias: router.model_group_alias,
    redis_host: router.redis_host,
    redis_port: router.redis_port,
    redis_password: router.redis_password,
    redis_url: router.redis_url,
    redis_db: router.redis_db,
  };
}

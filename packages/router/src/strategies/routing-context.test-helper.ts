import { type Deployment, type DeploymentConfig, toDeployment } from '../deployment.js';
import type { LatencySample, MinuteUsage } from '../state/router-state.js';
import type { RoutingContext } from './routing-strategy.js';
import { seededRandom } from './seeded-random.test-helper.js';

/** Deployments of one group `group`, `openai/m<index>` unless `model` is given. */
export function makeDeployments(
  entries: ReadonlyArray<Record<string, unknown> & { model_info?: DeploymentConfig['model_info'] }>,
): Deployment[] {
  return entries.map(({ model_info, ...params }, index) =>
    toDeployment({
      model_name: 'group',
      litellm_params: { model: `openai/m${index}`, ...params },
      model_info: { id: `d${index}`, ...model_info },
    }),
  );
}

export function makeContext(
  deployments: readonly Deployment[],
  extra: {
    inputTokens?: number;
    stream?: boolean;
    usage?: Record<string, MinuteUsage>;
    inFlight?: Record<string, number>;
    latencies?: Record<string, LatencySample[]>;
    random?: () => number;
  } = {},
): RoutingContext {
  return {
    deployments,
    inputTokens: extra.inputTokens ?? 0,
    stream: extra.stream ?? false,
    usage: new Map(Object.entries(extra.usage ?? {})),
    inFlight: new Map(Object.entries(extra.inFlight ?? {})),
    latencies: new Map(Object.entries(extra.latencies ?? {})),
    random: extra.random ?? seededRandom(7),
  };
}

/** How often each deployment id is picked over `draws` picks. */
export function tally(pick: () => Deployment, draws: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let draw = 0; draw < draws; draw++) {
    const id = pick().id;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

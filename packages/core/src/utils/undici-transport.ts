import { createRequire } from 'node:module';
import type { Agent, Dispatcher } from 'undici';

export interface UndiciTransport {
  /** undici's keep-alive `Agent`. */
  Agent: typeof Agent;
  /** undici's `request()` sent through the given agent. */
  request(agent: Agent, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData>;
  /** `agent-only`: the two files llmux needs; `entry`: undici's whole entry point. */
  loaded: 'agent-only' | 'entry';
}

type RequestFunction = (
  this: Agent,
  options: Dispatcher.RequestOptions,
) => Promise<Dispatcher.ResponseData>;

type Require = (id: string) => unknown;

/**
 * undici's entry point loads fetch, WebSocket, EventSource, the cache stores and mock agents
 * next to the `Agent` llmux uses: ~3 MB of heap and ~9 MB of RSS that a gateway keeps for
 * nothing. The agent and `request()` are loaded from their own files instead. Those paths are
 * undici's internals, not its API, so an undici that moves them falls back to the entry point
 * (and core's tests, which check `loaded`, say so).
 */
export function loadUndiciTransport(
  load: Require = createRequire(import.meta.url),
): UndiciTransport {
  try {
    const AgentClass = load('undici/lib/dispatcher/agent') as typeof Agent;
    const request = load('undici/lib/api/api-request') as RequestFunction;
    if (typeof AgentClass !== 'function' || typeof request !== 'function') {
      throw new TypeError('undici layout changed');
    }
    return {
      Agent: AgentClass,
      request: (agent, options) => request.call(agent, options),
      loaded: 'agent-only',
    };
  } catch {
    const undici = load('undici') as { Agent: typeof Agent };
    return {
      Agent: undici.Agent,
      request: (agent, options) => agent.request(options),
      loaded: 'entry',
    };
  }
}

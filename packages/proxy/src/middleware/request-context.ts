import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import { timeOrderedId } from '../http/time-ordered-id.js';
import { isLevelEnabled, type ProxyLogger } from '../logger.js';

export interface RequestContextOptions {
  logger: ProxyLogger;
}

const maxCallIdLength = 200;

function usableCallId(value: string | undefined): value is string {
  return (
    value !== undefined &&
    value !== '' &&
    value.length <= maxCallIdLength &&
    /^[\x21-\x7e]+$/.test(value)
  );
}

/**
 * Gives each request its ids and start time, answers with `x-litellm-call-id` (the
 * client's own when it sent a usable one) and `x-litellm-version`, and logs each
 * request's status and timing at debug.
 */
export function requestContext(options: RequestContextOptions): MiddlewareHandler<AppEnv> {
  const { logger } = options;
  return async function requestContext(c, next) {
    const requestId = timeOrderedId();
    const incomingCallId = c.req.header('x-litellm-call-id');
    const callId = usableCallId(incomingCallId) ? incomingCallId : requestId;
    c.set('requestId', requestId);
    c.set('callId', callId);
    const startTime = performance.now();
    c.set('startTime', startTime);
    c.set('startedAt', new Date());
    c.set('auth', { apiKeyHash: '', userId: '' });
    c.set('modelGroup', undefined);
    c.set('callIdHeaderSet', false);
    await next();
    if (!c.get('callIdHeaderSet')) c.res.headers.set('x-litellm-call-id', callId);
    if (isLevelEnabled(logger, 'debug')) {
      logger.debug(
        {
          callId,
          method: c.req.method,
          path: c.req.path,
          status: c.res.status,
          durationMs: Math.round(performance.now() - startTime),
        },
        'request handled',
      );
    }
  };
}

import { APIError } from './api-error.js';
import { APITimeoutError } from './api-timeout-error.js';
import { AuthenticationError } from './authentication-error.js';
import { BadRequestError } from './bad-request-error.js';
import { InternalServerError } from './internal-server-error.js';
import { NotFoundError } from './not-found-error.js';
import { PermissionDeniedError } from './permission-denied-error.js';
import { RateLimitError } from './rate-limit-error.js';
import { ServiceUnavailableError } from './service-unavailable-error.js';
import { UnprocessableEntityError } from './unprocessable-entity-error.js';

/** The OpenAI-named class for an upstream HTTP status. */
export function errorClassForStatus(status: number): typeof APIError {
  switch (status) {
    case 400:
      return BadRequestError;
    case 401:
      return AuthenticationError;
    case 403:
      return PermissionDeniedError;
    case 404:
      return NotFoundError;
    case 408:
      return APITimeoutError;
    case 422:
      return UnprocessableEntityError;
    case 429:
      return RateLimitError;
    case 503:
    case 529:
      return ServiceUnavailableError;
    default:
      if (status >= 500) return InternalServerError;
      if (status >= 400) return BadRequestError;
      return APIError;
  }
}

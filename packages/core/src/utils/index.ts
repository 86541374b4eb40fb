export { type FetchUpstreamOptions, fetchUpstream, toUpstreamError } from './fetch-upstream.js';
export { headersToRecord } from './headers-to-record.js';
export { isAbortError, isTimeoutReason } from './is-abort-error.js';
export { loadApiKey } from './load-api-key.js';
export {
  budgetWindowEnd,
  budgetWindowStart,
  type DurationParts,
  type DurationUnit,
  parseDuration,
  parseDurationParts,
} from './parse-duration.js';
export {
  parseJsonOrUndefined,
  readUpstreamJson,
  readUpstreamText,
  requireStreamBody,
  toRawResponse,
  type UpstreamBodyContext,
  type UpstreamJsonParser,
} from './read-upstream-body.js';
export type { UpstreamHeaders, UpstreamResponse } from './upstream-response.js';

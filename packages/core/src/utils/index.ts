export { headersToRecord } from './headers-to-record.js';
export { isAbortError, isTimeoutReason } from './is-abort-error.js';
export { fetchUpstream, toUpstreamError, type FetchUpstreamOptions } from './fetch-upstream.js';
export { loadApiKey } from './load-api-key.js';

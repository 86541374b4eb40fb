import type { UpstreamHeaders } from './upstream-response.js';

/** Response headers as a plain lower-cased record. */
export function headersToRecord(headers: UpstreamHeaders): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name] = value;
  });
  return record;
}

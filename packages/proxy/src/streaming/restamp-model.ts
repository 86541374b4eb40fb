/**
 * Rewrites the top-level `"model":"…"` of a serialised chunk to the model group, leaving
 * every other byte as the upstream sent it. Unusual spacing is forwarded unchanged.
 */
export function restampModel(data: string, upstreamModel: string, modelGroup: string): string {
  if (upstreamModel === modelGroup) return data;
  const field = `"model":${JSON.stringify(upstreamModel)}`;
  const at = data.indexOf(field);
  if (at < 0) return data;
  return `${data.slice(0, at)}"model":${JSON.stringify(modelGroup)}${data.slice(at + field.length)}`;
}

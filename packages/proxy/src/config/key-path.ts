/** Appends a key or index to a config key path, as the YAML reads: `model_list[0].litellm_params`. */
export function appendKeyPath(path: string, key: PropertyKey): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  const name = String(key);
  if (!/^[\w\-/]+$/.test(name)) return `${path}[${JSON.stringify(name)}]`;
  return path === '' ? name : `${path}.${name}`;
}

export function formatKeyPath(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>((path, segment) => appendKeyPath(path, segment), '');
}

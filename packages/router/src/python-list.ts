/** A list written as Python prints it, for error texts that match LiteLLM's. */
export function pythonList(items: readonly string[]): string {
  return `[${items.map(item => `'${item}'`).join(', ')}]`;
}

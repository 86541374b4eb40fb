/** One of `items`, uniformly at random. `items` must not be empty. */
export function pickRandom<T>(items: readonly T[], random: () => number): T {
  const index = Math.min(items.length - 1, Math.floor(random() * items.length));
  return items[index] as T;
}

/** Ollama's RFC 3339 `created_at` (nanosecond precision) as Unix seconds; now when absent or unreadable. */
export function ollamaCreatedAt(createdAt: string | null | undefined): number {
  // Date.parse reads at most milliseconds: cut the fraction to three digits first.
  const parsed = createdAt ? Date.parse(createdAt.replace(/(\.\d{3})\d+/, '$1')) : Number.NaN;
  return Math.floor((Number.isFinite(parsed) ? parsed : Date.now()) / 1000);
}

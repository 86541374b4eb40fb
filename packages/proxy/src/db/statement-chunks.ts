/**
 * Row counts per multi-row statement, largest first. Using only these sizes keeps the number
 * of distinct SQL texts at four, so SQLite holds four prepared statements per table (see
 * cached-statements.ts) instead of one per batch size, each with thousands of parameters.
 * 64 rows of 25 columns stays well below SQLite's 32,766 bound values and Postgres's 65,535.
 */
export const statementSizes = [64, 16, 4, 1] as const;

export interface StatementChunk {
  start: number;
  size: number;
}

/** Splits `rowCount` rows into chunks of `statementSizes` (200 rows: 64, 64, 64, 4, 4). */
export function statementChunks(rowCount: number): StatementChunk[] {
  const chunks: StatementChunk[] = [];
  let start = 0;
  for (const size of statementSizes) {
    for (; rowCount - start >= size; start += size) chunks.push({ start, size });
  }
  return chunks;
}

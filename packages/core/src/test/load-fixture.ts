import { readFileSync } from 'node:fs';

/** `*.chunks.txt` text (one JSON payload per line) as SSE frames, ending with `data: [DONE]`. */
export function chunksToSseEvents(text: string, options?: { done?: boolean }): string[] {
  const events = text
    .split(/\r?\n/)
    .filter(line => line.trim() !== '')
    .map(line => `data: ${line}\n\n`);
  if (options?.done ?? true) events.push('data: [DONE]\n\n');
  return events;
}

/** A recorded SSE body split into its frames, each ending with a blank line. */
export function splitSseEvents(text: string): string[] {
  return text
    .replace(/\r\n/g, '\n')
    .split(/\n\n+/)
    .filter(frame => frame.trim() !== '')
    .map(frame => `${frame}\n\n`);
}

export function loadChunksFixture(path: string | URL, options?: { done?: boolean }): string[] {
  return chunksToSseEvents(readFileSync(path, 'utf8'), options);
}

export function loadSseFixture(path: string | URL): string[] {
  return splitSseEvents(readFileSync(path, 'utf8'));
}

export function loadJsonFixture(path: string | URL): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

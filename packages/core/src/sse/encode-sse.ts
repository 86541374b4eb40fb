const encoder = new TextEncoder();

export const sseDone: Uint8Array = encoder.encode('data: [DONE]\n\n');

/** One `data:` event with an already-serialised payload. */
export function encodeSseData(data: string): Uint8Array {
  return encoder.encode(`data: ${data}\n\n`);
}

/** One `data:` event carrying `value` as JSON. */
export function encodeSseJson(value: unknown): Uint8Array {
  return encodeSseData(JSON.stringify(value));
}

/** Reads a stream to its end. */
export async function convertReadableStreamToArray<T>(stream: ReadableStream<T>): Promise<T[]> {
  const reader = stream.getReader();
  const values: T[] = [];
  while (true) {
    const { value, done } = await reader.read();
    if (done) return values;
    values.push(value);
  }
}

/** A rough token count (≈4 characters a token), used only when an upstream reports no usage. */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 4);
}

export function estimatePromptTokens(messages: ReadonlyArray<{ content?: unknown }>): number {
  let total = 0;
  for (const message of messages) {
    const content = message.content;
    if (typeof content === 'string') total += estimateTokens(content) + 4;
    else if (Array.isArray(content)) {
      for (const part of content) {
        if (part && typeof part === 'object' && 'text' in part && typeof part.text === 'string') {
          total += estimateTokens(part.text);
        }
      }
      total += 4;
    }
  }
  return total;
}

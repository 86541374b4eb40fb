/** The SDK's own small logger: quiet unless `LLMUX_LOG_LEVEL=debug` or `setVerbose(true)`. */
export type SdkLogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const levelOrder: Record<SdkLogLevel, number> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
  silent: 99,
};

function levelFromEnv(): SdkLogLevel {
  const raw = (process.env.LLMUX_LOG_LEVEL ?? process.env.LITELLM_LOG ?? '').toLowerCase();
  return raw in levelOrder ? (raw as SdkLogLevel) : 'warn';
}

let currentLevel: SdkLogLevel = levelFromEnv();

/** Mirrors LiteLLM's `litellm.set_verbose = True`: logs each call's resolution, URL, status and timing. */
export function setVerbose(verbose: boolean): void {
  currentLevel = verbose ? 'debug' : levelFromEnv() === 'debug' ? 'warn' : levelFromEnv();
}

export function setLogLevel(level: SdkLogLevel): void {
  currentLevel = level;
}

export function isDebugEnabled(): boolean {
  return levelOrder[currentLevel] <= levelOrder.debug;
}

export function sdkLog(
  level: Exclude<SdkLogLevel, 'silent'>,
  message: string,
  fields?: object,
): void {
  if (levelOrder[level] < levelOrder[currentLevel]) return;
  const line = fields ? `${message} ${JSON.stringify(fields)}` : message;
  process.stderr.write(`[llmux ${level}] ${line}\n`);
}

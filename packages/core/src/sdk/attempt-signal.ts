/**
 * One attempt's signal: aborts when the caller's signal does, or with a `TimeoutError`
 * when `timeoutMs` passes. `stopTimer()` keeps the caller's link but ends the timeout
 * (a stream that has started); `release()` drops both.
 */
export function createAttemptSignal(
  callerSignal: AbortSignal | undefined,
  timeoutMs: number | undefined,
) {
  const controller = new AbortController();
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) controller.abort(callerSignal.reason);
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (timeoutMs !== undefined && timeoutMs > 0 && Number.isFinite(timeoutMs)) {
    timer = setTimeout(() => {
      controller.abort(new DOMException(`Request timed out after ${timeoutMs} ms`, 'TimeoutError'));
    }, timeoutMs);
  }
  return {
    signal: controller.signal,
    stopTimer(): void {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
    release(): void {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}

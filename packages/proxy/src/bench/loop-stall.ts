/**
 * The longest time the event loop went without a turn while it ran: what a request arriving
 * at the worst moment would have waited before anything looked at it. A 1 ms timer re-armed
 * on every turn measures it; a stretch of synchronous work shows as one long gap.
 */
export function watchLoopStalls(): { stop(): number } {
  let last = performance.now();
  let longest = 0;
  let timer = setTimeout(function tick() {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    timer = setTimeout(tick, 1);
  }, 1);
  return {
    stop() {
      clearTimeout(timer);
      return Math.max(longest, performance.now() - last);
    },
  };
}

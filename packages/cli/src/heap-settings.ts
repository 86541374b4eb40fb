import { setFlagsFromString } from 'node:v8';

/**
 * V8 lets the old generation grow to up to four times what survived the last full GC when
 * allocation is fast, as it is under steady gateway traffic: the heap then sits far above the
 * gateway's live data (about 30 MB). Growing by 30 % at most keeps RSS about a third lower at
 * the same CPU per request (see apps/docs/performance.md). A `--heap-growing-percent` given to
 * node itself wins. Imported first by the bin, before the gateway's modules load.
 */
const flag = '--heap-growing-percent';
if (!process.execArgv.some(argument => argument.startsWith(flag))) {
  setFlagsFromString(`${flag}=30`);
}

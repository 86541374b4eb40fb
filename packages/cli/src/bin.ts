#!/usr/bin/env node
import './heap-settings.js';
import { describeStartupError } from './describe-startup-error.js';
import { runCli } from './index.js';
import { stopOnSignals } from './stop-on-signals.js';

try {
  const gateway = await runCli(process.argv.slice(2));
  if (gateway) stopOnSignals(gateway);
} catch (error) {
  const failure = describeStartupError(error);
  process.stderr.write(failure.message);
  process.exitCode = failure.exitCode;
}

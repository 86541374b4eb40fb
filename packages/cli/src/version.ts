import { readFileSync } from 'node:fs';

// Read from package.json (one level above both src/ and dist/) so a release bump needs no code change.
const packageJson = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
) as { version: string };

/** The version of `@llmux/cli`, as `llmux --version` prints it. */
export const VERSION: string = packageJson.version;

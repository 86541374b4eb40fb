import { fileURLToPath } from 'node:url';

/** The demo config shipped in the package root, served by `llmux` when no `--config` is given. */
export const demoConfigPath: string = fileURLToPath(
  new URL('../demo-config.yaml', import.meta.url),
);

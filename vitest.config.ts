import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@llmux/source'] },
  ssr: { resolve: { conditions: ['@llmux/source'] } },
  test: {
    include: ['packages/**/src/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});

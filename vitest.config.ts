import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// One project per workspace package, so `pnpm test` runs them all and a
// failure names the package it came from.
export default defineConfig({
  test: {
    projects: ['packages/*', 'workers/*', ...['scripts', 'tests'].filter((dir) => existsSync(dir))],
  },
});

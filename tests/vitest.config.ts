import { defineProject } from 'vitest/config';

// End-to-end tests drive the CLI against real Redis: slower than unit tests, so longer limits.
export default defineProject({
  test: { name: 'e2e', testTimeout: 120_000, hookTimeout: 60_000 },
});

// The test runner's settings. Each test file runs in its own child process ("forks"): better-sqlite3,
// hnswlib-node and onnxruntime-node are native modules that are not safe to share between threads.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Loading the embedding model and building an index take seconds on a busy 2-core machine:
    // the limits are generous because a test waits on events, never on time.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
    coverage: { provider: 'v8', include: ['src/**/*.ts'], reporter: ['text-summary', 'text'] },
  },
});

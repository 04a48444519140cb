import { defineConfig } from 'vitest/config';

// Tests start server processes and PostgreSQL servers, and wait out reconnections.
export default defineConfig({ test: { testTimeout: 30000, hookTimeout: 30000 } });

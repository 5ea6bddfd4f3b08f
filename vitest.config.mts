import { createRequire } from 'node:module';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  // esbuild emits no decorator metadata; type-graphql and MikroORM need it, so SWC compiles.
  plugins: [
    swc.vite({
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        target: 'es2022',
      },
    }),
  ],
  // Our sources (and ES-module dependencies they import) would otherwise get graphql's ES module
  // build while type-graphql and Apollo require its CommonJS build: two copies, and schemas
  // "from another module or realm". Node running the compiled hub loads one copy.
  resolve: {
    alias: ['graphql', 'graphql-query-complexity'].map((name) => ({
      find: new RegExp(`^${name}$`),
      replacement: require.resolve(name),
    })),
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
    reporters: ['default'],
  },
});

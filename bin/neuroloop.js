#!/usr/bin/env node
// The `neuroloop` command. It runs the compiled CLI from dist/ when the package is built
// (`npm run build`, and always in the published package), and otherwise the TypeScript sources
// directly through tsx (a dev dependency, present after `npm ci`), so a fresh checkout works
// without a build step. In a checkout with a stale dist/, rebuild or delete dist/.
import { existsSync } from 'node:fs';

const built = new URL('../dist/src/cli/neuroloop.js', import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  let tsx;
  try {
    tsx = await import('tsx/esm/api');
  } catch {
    process.stderr.write('neuroloop: dist/ is not built and tsx is not installed: run `npm run build`, or `npm ci` to get the dev dependencies\n');
    process.exit(1);
  }
  tsx.register();
  await import(new URL('../src/cli/neuroloop.ts', import.meta.url).href);
}

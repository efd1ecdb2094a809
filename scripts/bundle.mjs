// `npm run build`, after tsc: the CLI as one ESM bundle (dist/bundle/main.js, with one chunk per
// command, loaded when that command runs). Node resolves and compiles one file instead of a few
// hundred (our modules, kysely's, zod's, commander's): about 0.2 s of every start on the 2-core
// machine. The drivers and ECharts stay outside it: native bindings, or loaded only for reports.
// dist/bundle is two folders below the package root, like dist/<layer>, so the relative URLs of
// the shipped files (package.json, data/) hold in the bundle too.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry a content hash: without a clean folder every build would leave the last one's behind.
rmSync('dist/bundle', { recursive: true, force: true });
await build({
  entryPoints: ['dist/cli/main.js'],
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['@duckdb/node-api', 'pg', 'echarts'],
  // Bundled CommonJS packages call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __secscoreRequire } from 'node:module'; const require = __secscoreRequire(import.meta.url);" },
  sourcemap: 'linked',
  logLevel: 'warning',
});

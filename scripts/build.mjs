// Bundles the CLI and its dependencies into one ESM file: a single file to parse starts the
// game several times faster than Node resolving and loading hundreds of package files
// (Ink's dependencies alone are a few hundred). better-sqlite3 stays outside (native addon).
import { build } from 'esbuild';
import { copyFileSync } from 'node:fs';

await build({
  entryPoints: ['client/cli.ts'],
  outfile: 'dist/opsdrill.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Less to parse at start; identifiers are kept so stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  external: ['better-sqlite3'],
  // React's production build: a fraction of the development build's code to parse and run.
  define: { 'process.env.NODE_ENV': '"production"' },
  // Bundled CommonJS packages (react, ws) call require() for Node built-ins.
  banner: { js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
  plugins: [
    {
      // Ink loads React DevTools only when DEV=true; the package is not installed.
      name: 'no-devtools',
      setup(b) {
        b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'stub' }));
        b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export default { initialize() {}, connectToDevTools() {} };' }));
      },
    },
  ],
  logLevel: 'warning',
});

// The store's checkpoint worker runs as its own file beside the bundle (server/store/checkpointer.ts).
copyFileSync('server/store/checkpoint-worker.mjs', 'dist/checkpoint-worker.mjs');

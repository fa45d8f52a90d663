// Bundles the browser app (web/app.tsx) and the GraphQL IDE (web/ide.tsx, GraphiQL) with their
// editor workers, styles and fonts into dist/web/, from node_modules only: the hub serves them
// itself, so an air-gapped intranet needs no CDN. Run by `npm run build`.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'web');
const common = {
  bundle: true,
  minify: true,
  sourcemap: false,
  target: 'es2022',
  legalComments: 'none',
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
  loader: { '.graphql': 'text', '.ttf': 'file', '.woff2': 'file', '.svg': 'file' },
  assetNames: '[name]-[hash]',
  publicPath: '/web',
};

await rm(out, { recursive: true, force: true });
await mkdir(path.join(out, 'workers'), { recursive: true });
await build({
  ...common,
  entryPoints: { app: 'web/app.tsx', ide: 'web/ide.tsx' },
  outdir: out,
  format: 'esm',
  absWorkingDir: root,
});
const workers = {
  editor: 'monaco-editor/esm/vs/editor/editor.worker.js',
  json: 'monaco-editor/esm/vs/language/json/json.worker.js',
  graphql: 'monaco-graphql/esm/graphql.worker.js',
};
await build({
  ...common,
  entryPoints: workers,
  outdir: path.join(out, 'workers'),
  format: 'iife',
  absWorkingDir: root,
});

const page = (title, name, lang) => `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/web/${name}.css">
</head>
<body>
<div id="root"></div>
<script type="module" src="/web/${name}.js"></script>
</body>
</html>
`;
await writeFile(path.join(out, 'app.html'), page('OneTable 一表通', 'app', 'zh-CN'));
await writeFile(path.join(out, 'ide.html'), page('OneTable GraphQL IDE', 'ide', 'en'));

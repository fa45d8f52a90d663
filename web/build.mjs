// Bundles the browser app (web/app.tsx) and the GraphQL IDE (web/ide.tsx, GraphiQL) with their
// editor workers, styles and fonts into dist/web/, from node_modules only: the hub serves them
// itself, so an air-gapped intranet needs no CDN. Each bundle is also written brotli- and
// gzip-compressed (`.br`, `.gz`), once, for the hub to send (src/modules/web/encoding.ts).
// Run by `npm run build`.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
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

// Precompressed copies of the bundles (the list of src/modules/web/encoding.ts' `compressible`).
const files = (await readdir(out, { recursive: true })).filter((f) =>
  /\.(js|css|svg|ttf|map)$/.test(f),
);
const br = promisify(brotliCompress);
const gz = promisify(gzip);
await Promise.all(
  files.map(async (file) => {
    const content = await readFile(path.join(out, file));
    // Brotli's best quality on the app; one step lower on the megabytes of the IDE (seconds saved).
    const params = {
      [constants.BROTLI_PARAM_QUALITY]: content.length > 1_000_000 ? 9 : 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
    };
    await writeFile(path.join(out, `${file}.br`), await br(content, { params }));
    await writeFile(path.join(out, `${file}.gz`), await gz(content, { level: 9 }));
  }),
);

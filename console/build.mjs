// Bundles the console into a folder gatewayd serves ([console] dir):
//   index.html, api-docs.html, assets/<name>-<hash>.{js,css} (+ .gz and .br)
// No inline script or style anywhere (the pages run under a strict CSP).
//   node build.mjs --out DIR [--modules DIR]
// --modules: the node_modules folder to take packages from (default ./node_modules).
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? path.resolve(args[i + 1]) : fallback;
};
const out = arg('--out', path.join(here, '..', 'build', 'console'));
const modules = arg('--modules', path.join(here, 'node_modules'));
const require = createRequire(path.join(modules, 'noop.js'));
const esbuild = require('esbuild');

const staging = `${out}.tmp-${process.pid}`;
fs.rmSync(staging, { recursive: true, force: true });
fs.mkdirSync(path.join(staging, 'assets'), { recursive: true });

const result = await esbuild.build({
  entryPoints: { console: path.join(here, 'src', 'main.js'), 'api-docs': path.join(here, 'src', 'api-docs.js') },
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['chrome100', 'firefox100', 'safari15'],
  outdir: path.join(staging, 'assets'),
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  nodePaths: [modules],
  metafile: true,
  legalComments: 'linked',
  logLevel: 'warning',
});

// Redoc's standalone bundle, as published (React and its other dependencies included).
const redocSrc = require.resolve('redoc/bundles/redoc.standalone.js');
const redoc = fs.readFileSync(redocSrc);
const redocName = `redoc-${createHash('sha256').update(redoc).digest('hex').slice(0, 8).toUpperCase()}.js`;
fs.writeFileSync(path.join(staging, 'assets', redocName), redoc);
fs.copyFileSync(`${redocSrc}.LICENSE.txt`, path.join(staging, 'assets', 'redoc.LICENSE.txt'));

const outputs = Object.entries(result.metafile.outputs);
const find = (entry, ext) => {
  const hit = outputs.find(([file, o]) => file.endsWith(ext) && o.entryPoint && o.entryPoint.endsWith(entry));
  if (!hit && ext === '.css') {
    const css = outputs.find(([file, o]) => file.endsWith('.css') && o.cssBundle === undefined && path.basename(file).startsWith(path.basename(entry, '.js')));
    return css && path.basename(css[0]);
  }
  return hit && path.basename(hit[0]);
};
const cssFor = (entry) => {
  const js = outputs.find(([file, o]) => file.endsWith('.js') && o.entryPoint && o.entryPoint.endsWith(entry));
  return js && js[1].cssBundle ? path.basename(js[1].cssBundle) : null;
};

const consoleJs = find('src/main.js', '.js');
const consoleCss = cssFor('src/main.js');
const docsJs = find('src/api-docs.js', '.js');
const docsCss = cssFor('src/api-docs.js');

const page = (title, css, scripts, body) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<link rel="icon" href="data:,">
${css ? `<link rel="stylesheet" href="/assets/${css}">\n` : ''}${scripts.map((s) => `<script ${s.module ? 'type="module" ' : 'defer '}src="/assets/${s.src}"></script>`).join('\n')}
</head>
<body>
${body}
</body>
</html>
`;

fs.writeFileSync(path.join(staging, 'index.html'),
  page('Payment gateway console', consoleCss, [{ src: consoleJs, module: true }],
    '<div id="app"><noscript>The console needs JavaScript.</noscript></div>'));
fs.writeFileSync(path.join(staging, 'api-docs.html'),
  page('Payment gateway API reference', docsCss, [{ src: redocName }, { src: docsJs, module: true }],
    '<div id="redoc" data-spec="/api-docs/openapi.json"></div>'));

// Precompressed variants: gatewayd sends them to clients that accept them.
const sizes = {};
const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]);
for (const file of walk(staging)) {
  if (!/\.(js|css|html|json|svg|txt|map)$/.test(file)) continue;
  const data = fs.readFileSync(file);
  const gz = zlib.gzipSync(data, { level: 9 });
  const br = zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } });
  fs.writeFileSync(`${file}.gz`, gz);
  fs.writeFileSync(`${file}.br`, br);
  sizes[path.relative(staging, file)] = { raw: data.length, gzip: gz.length, br: br.length };
}

fs.rmSync(out, { recursive: true, force: true });
fs.renameSync(staging, out);

const firstLoad = ['index.html', `assets/${consoleJs}`, consoleCss && `assets/${consoleCss}`].filter(Boolean);
const total = (k) => firstLoad.reduce((n, f) => n + sizes[f][k], 0);
const docs = ['api-docs.html', `assets/${redocName}`, `assets/${docsJs}`, docsCss && `assets/${docsCss}`].filter(Boolean);
const docsTotal = (k) => docs.reduce((n, f) => n + sizes[f][k], 0);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`console: ${out}: first load ${kb(total('raw'))} (gzip ${kb(total('gzip'))}, br ${kb(total('br'))}); ` +
  `/api-docs ${kb(docsTotal('raw'))} (gzip ${kb(docsTotal('gzip'))}, br ${kb(docsTotal('br'))})`);
fs.writeFileSync(path.join(out, 'sizes.json'), JSON.stringify({ first_load: firstLoad, api_docs: docs, files: sizes }, null, 1));

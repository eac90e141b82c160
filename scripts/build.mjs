/**
 * `npm run build`: compiles src/ and seeds/ with tsconfig.build.json into dist/, then copies what
 * the compiled code reads at run time — the search definitions (search/), the demo data
 * (seeds/data/) and every non-TypeScript file under src/ (web assets) — to the same places under
 * dist/, and writes dist/index.js, the entry `node dist/index.js` runs.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');

execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });

cpSync(path.join(root, 'search'), path.join(dist, 'search'), { recursive: true });
cpSync(path.join(root, 'seeds', 'data'), path.join(dist, 'seeds', 'data'), { recursive: true });

const isSource = (file) => /\.(ts|tsx|mts|cts)$/.test(file);
function copyAssets(from, to) {
  for (const name of readdirSync(from)) {
    const src = path.join(from, name);
    if (statSync(src).isDirectory()) copyAssets(src, path.join(to, name));
    else if (!isSource(name)) {
      mkdirSync(to, { recursive: true });
      cpSync(src, path.join(to, name));
    }
  }
}
copyAssets(path.join(root, 'src'), path.join(dist, 'src'));

writeFileSync(
  path.join(dist, 'index.js'),
  "// Production entry: `node dist/index.js` (written by scripts/build.mjs).\nimport './src/index.js';\n",
);
if (!existsSync(path.join(dist, 'src', 'index.js'))) throw new Error('build: dist/src/index.js is missing');
console.log('build: dist/ ready — start with `node dist/index.js`');

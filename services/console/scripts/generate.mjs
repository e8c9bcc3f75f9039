// Generates the console's types and clients from proto/ into OUT_DIR/gen with buf and
// protoc-gen-es (both pinned in package-lock.json), and writes OUT_DIR/tsconfig.json, which
// extends the source tsconfig with the "@gen/*" path to them so vue-tsc checks the sources
// against the generated code. OUT_DIR/node_modules links to this folder's, for the generated
// files' own imports. Usage: node scripts/generate.mjs OUT_DIR
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PROTO_DIR = path.resolve(HERE, '..', '..', 'proto');
const outDir = path.resolve(process.argv[2] ?? '');
if (!process.argv[2]) throw new Error('usage: node scripts/generate.mjs OUT_DIR');

const bin = path.join(HERE, 'node_modules', '.bin');
fs.rmSync(path.join(outDir, 'gen'), { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });
execFileSync(path.join(bin, 'buf'), [
  'generate', PROTO_DIR, '--template', path.join(HERE, 'buf.gen.yaml'), '--output', outDir,
], { stdio: 'inherit', env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` } });

// The generated files import @bufbuild/protobuf: resolved from here, as from the sources.
const modules = path.join(outDir, 'node_modules');
fs.rmSync(modules, { recursive: true, force: true });
fs.symlinkSync(path.join(HERE, 'node_modules'), modules, 'dir');

fs.writeFileSync(path.join(outDir, 'tsconfig.json'), `${JSON.stringify({
  extends: path.join(HERE, 'tsconfig.json'),
  compilerOptions: { baseUrl: HERE, paths: { '@gen/*': [path.join(outDir, 'gen', '*')] } },
  include: [path.join(HERE, 'src', '**', '*.ts'), path.join(HERE, 'src', '**', '*.vue'),
    path.join(HERE, 'env.d.ts')],
}, null, 2)}\n`);

// The generated code lives in the build folder (scripts/generate.mjs): NIANBAO_CONSOLE_GEN_DIR
// names it for the "@gen" alias, NIANBAO_CONSOLE_OUT_DIR is where the built console goes (the
// CMake target nianbao_console sets both).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

import vue from '@vitejs/plugin-vue';
import { defineConfig, type Plugin } from 'vite';

const genDir = process.env.NIANBAO_CONSOLE_GEN_DIR;
if (!genDir) throw new Error('NIANBAO_CONSOLE_GEN_DIR is not set (build with the nianbao_console target)');

// Writes NAME.gz beside each text file of the build that gzip makes smaller: nianbao-gatewayd
// sends it, Content-Encoding: gzip, to a browser that accepts gzip (services/gateway/
// static_files.h). Compressed once here, at the best level, rather than by the server per request.
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'nianbao-precompress',
    apply: 'build',
    configResolved(config) { outDir = path.resolve(config.root, config.build.outDir); },
    closeBundle() {
      const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
      for (const file of walk(outDir)) {
        if (!/\.(js|mjs|css|html|svg|json|txt)$/.test(file)) continue;
        const plain = fs.readFileSync(file);
        if (plain.length < 1024) continue;
        const packed = zlib.gzipSync(plain, { level: zlib.constants.Z_BEST_COMPRESSION });
        if (packed.length < plain.length) fs.writeFileSync(`${file}.gz`, packed);
      }
    },
  };
}

// The libraries in chunks of their own, apart from the console's code: a new console changes the
// entry chunk's name only, and a browser keeps Vue, Element Plus and the protobuf runtime from its
// cache (gatewayd serves hashed assets as immutable); the three download side by side
// (modulepreload). Vue is one chunk on its own because Element Plus imports it: in the entry, the
// entry and Element Plus would import each other. ECharts (and zrender, tslib) stays in the office
// views' lazy chunk.
function vendorChunk(id: string): string | undefined {
  const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(id);
  if (!m) return undefined;
  const name = m[1];
  if (['echarts', 'zrender', 'tslib'].includes(name)) return undefined;
  if (name === 'vue' || name === 'vue-router' || name.startsWith('@vue/')) return 'vue';
  if (name.startsWith('@bufbuild/') || name.startsWith('@connectrpc/')) return 'protobuf';
  return 'element-plus';
}

export default defineConfig({
  plugins: [vue(), precompress()],
  // Served by gatewayd at its root; relative asset paths also work under a sub-path.
  base: './',
  resolve: { alias: { '@gen': path.resolve(genDir) } },
  build: {
    outDir: path.resolve(process.env.NIANBAO_CONSOLE_OUT_DIR ?? 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2048,
    rollupOptions: { output: { manualChunks: vendorChunk } },
  },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
});

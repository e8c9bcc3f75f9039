// The generated code lives in the build folder (scripts/generate.mjs): NIANBAO_CONSOLE_GEN_DIR
// names it for the "@gen" alias, NIANBAO_CONSOLE_OUT_DIR is where the built console goes (the
// CMake target nianbao_console sets both).
import path from 'node:path';

import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const genDir = process.env.NIANBAO_CONSOLE_GEN_DIR;
if (!genDir) throw new Error('NIANBAO_CONSOLE_GEN_DIR is not set (build with the nianbao_console target)');

export default defineConfig({
  plugins: [vue()],
  // Served by gatewayd at its root; relative asset paths also work under a sub-path.
  base: './',
  resolve: { alias: { '@gen': path.resolve(genDir) } },
  build: {
    outDir: path.resolve(process.env.NIANBAO_CONSOLE_OUT_DIR ?? 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2048,
  },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
});

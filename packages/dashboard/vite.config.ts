// Vite build of the dashboard: React, @vigil/core and @vigil/wire compiled from their TypeScript
// source (the `@vigil/source` condition), so a fresh clone builds without building the packages.
// `npm run dev` proxies the API to a running server (VIGIL_URL, default http://127.0.0.1:8080).

import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  resolve: { conditions: ['@vigil/source', ...defaultClientConditions] },
  build: {
    outDir: 'dist/app',
    emptyOutDir: true,
    target: 'es2022',
    // ECharts' chunk (the chart types and components Vigil uses) is about 600 kB minified, 200 kB gzipped.
    chunkSizeWarningLimit: 700,
    // ECharts is most of the bundle: its own chunk caches across dashboard releases.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/v1': process.env['VIGIL_URL'] ?? 'http://127.0.0.1:8080' },
  },
});

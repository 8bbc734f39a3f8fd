import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The API the dev server forwards /api to (`npm start` in another terminal listens on 3000 by default). */
const apiTarget = process.env.QCD_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  server: {
    port: 5173,
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
});

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev -w editor`: hot reload here, API calls proxied to a running `npm start` (PORT, default 3000).
const api = `http://127.0.0.1:${process.env.PORT ?? '3000'}`;

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/v1': api, '/outbox': api, '/healthz': api, '/openapi.json': api } },
});

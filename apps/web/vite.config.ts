import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type ProxyOptions } from 'vite';

// The only place the web app reads process.env: where the API listens during `pnpm dev`.
const apiTarget = `http://127.0.0.1:${process.env.API_PORT || 3000}`;

// Anchored patterns, so a future SPA route such as /authors or /devlog is not sent to the API.
const apiPrefixes = ['/trpc', '/health', '/ready', '/uploads', '/auth', '/dev'];
const proxy: Record<string, ProxyOptions> = Object.fromEntries(
  apiPrefixes.map((prefix) => [`^${prefix}(?:[/?]|$)`, { target: apiTarget, ws: prefix === '/trpc' }]),
);

export default defineConfig({
  plugins: [react()],
  // localhost, not 127.0.0.1: the API's default PUBLIC_ORIGIN is http://localhost:5173 and it checks Origin.
  server: { port: 5173, strictPort: true, proxy },
  preview: { port: 4173, strictPort: true, proxy },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: {
      output: {
        // Libraries change far less often than pages: separate chunks stay cached across deploys.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'router', test: /node_modules[\\/]react-router[\\/]/ },
            { name: 'data', test: /node_modules[\\/](@tanstack|@trpc)[\\/]/ },
          ],
        },
      },
    },
  },
});

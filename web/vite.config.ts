/**
 * The console's build (npm run build:web → web/dist, served by the API at /). The CSP nonce placeholder is
 * replaced per response by the API (api/console.ts), so styles injected at run time (Mantine's CSS variables,
 * CodeMirror's themes) carry the nonce the Content-Security-Policy allows. Heavy parts (the SQL editor, charts)
 * are separate chunks loaded by the pages that use them.
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  base: '/',
  html: { cspNonce: '__CSP_NONCE__' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (/node_modules\/(react|react-dom|scheduler)\//.test(id)) return 'react';
          if (/node_modules\/(@codemirror|@lezer|crelt|style-mod|w3c-keyname)\//.test(id)) return 'codemirror';
          if (/node_modules\/(chart\.js|@kurkle)\//.test(id)) return 'chart';
          return undefined;
        },
      },
    },
  },
  server: {
    // npm run dev --workspace web: the API on :3000 serves /api; Vite serves the console with hot reload.
    proxy: { '/api': 'http://127.0.0.1:3000', '/openapi.json': 'http://127.0.0.1:3000' },
  },
});

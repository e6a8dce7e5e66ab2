import { resolve } from 'node:path'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'

const root = import.meta.dirname

/** The dev server's hot reload needs a websocket; the built app keeps the strict policy. */
function devContentSecurityPolicy(): Plugin {
  return {
    name: 'support:dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace("connect-src 'self'", "connect-src 'self' ws://localhost:*"),
  }
}

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      lib: { entry: resolve(root, 'electron/main/index.ts'), formats: ['es'] },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // A sandboxed preload can neither load ES modules nor require packages: bundle everything.
      externalizeDeps: false,
      lib: { entry: resolve(root, 'electron/preload/index.ts'), formats: ['cjs'] },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: {
        input: resolve(root, 'renderer/index.html'),
        output: {
          codeSplitting: {
            // zod and the switch that keeps it from probing for eval (which the CSP reports) in one chunk: the
            // switch then runs as zod loads, before any chunk builds its schemas, whatever the chunks' order.
            groups: [{ name: 'zod', test: /node_modules[\\/]zod[\\/]|renderer[\\/]modules[\\/]zod-without-eval/ }],
          },
        },
      },
    },
    plugins: [vue(), devContentSecurityPolicy()],
    define: {
      __VUE_I18N_FULL_INSTALL__: true,
      __VUE_I18N_LEGACY_API__: false,
      __INTLIFY_PROD_DEVTOOLS__: false,
    },
  },
})

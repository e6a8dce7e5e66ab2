// `npm run dev:web`: the whole app in a browser tab, without Electron. The renderer is served by
// Vite with hot reload; `window.support` reaches the real core (running here, in Node) over a
// loopback websocket guarded by a random token.
import vue from '@vitejs/plugin-vue'
import { randomBytes } from 'node:crypto'
import { resolve } from 'node:path'
import { createServer } from 'vite'
import type { createWebCore as CreateWebCore } from './web-core'
import { BRIDGE_SCRIPT_PATH, attachBridgeSocket, bridgeShimSource, injectBridgeScript } from './bridge-socket'

const root = resolve(import.meta.dirname, '../..')
const token = randomBytes(24).toString('base64url')

const vite = await createServer({
  configFile: false,
  root: resolve(root, 'renderer'),
  server: { host: '127.0.0.1', port: Number(process.env.PORT ?? 5174) },
  plugins: [
    vue(),
    {
      name: 'support:bridge',
      configureServer(server) {
        server.middlewares.use(BRIDGE_SCRIPT_PATH, (_request, response) => {
          response.setHeader('content-type', 'text/javascript; charset=utf-8')
          response.end(bridgeShimSource)
        })
      },
      transformIndexHtml: injectBridgeScript,
    },
  ],
})
await vite.listen()

// Loaded through Vite so that core's SQL migrations (imported as raw files) resolve as in the app.
const { createWebCore } = (await vite.ssrLoadModule(resolve(root, 'tests/bridge/web-core.ts'))) as {
  createWebCore: typeof CreateWebCore
}
const core = createWebCore({ userDataDir: resolve(root, '.tmp/dev-web') })
attachBridgeSocket(vite.httpServer!, core, token)
void core.start()

const local = vite.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5174/'
console.log(`\n  TiDB Cloud Support (browser mode): ${local}?bridge=${token}\n  Data folder: .tmp/dev-web\n`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    await core.close()
    await vite.close()
    process.exit(0)
  })
}

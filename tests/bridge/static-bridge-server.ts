import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import type { SupportCore } from '../../electron/core/support-core'
import { BRIDGE_SCRIPT_PATH, attachBridgeSocket, bridgeShimSource, injectBridgeScript } from './bridge-socket'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

export interface RunningBridge {
  /** Open this in a browser: the built renderer with `window.support` wired to core. */
  pageUrl: string
  origin: string
  close(): Promise<void>
}

/** Serves the built renderer (out/renderer) on 127.0.0.1 with the bridge in place of the preload. */
export async function startStaticBridge(core: SupportCore, rendererDir: string): Promise<RunningBridge> {
  const token = randomBytes(24).toString('base64url')
  const root = normalize(rendererDir)
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://bridge.invalid').pathname)
    if (path === BRIDGE_SCRIPT_PATH) return send(response, 200, CONTENT_TYPES['.js']!, bridgeShimSource)
    const file = normalize(join(root, path === '/' ? 'index.html' : path))
    if (!file.startsWith(root + sep)) return send(response, 404, 'text/plain', 'Not found')
    try {
      const contents = await readFile(file)
      const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream'
      send(response, 200, type, file.endsWith('index.html') ? injectBridgeScript(contents.toString('utf8')) : contents)
    } catch {
      send(response, 404, 'text/plain', 'Not found')
    }
  })
  const detach = attachBridgeSocket(server, core, token)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    pageUrl: `${origin}/?bridge=${token}`,
    origin,
    async close() {
      detach()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' })
  response.end(body)
}

import { timingSafeEqual } from 'node:crypto'
import type { EventEmitter } from 'node:events'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { SupportCore } from '../../electron/core/support-core'

export const BRIDGE_SCRIPT_PATH = '/__support-bridge.js'
const BRIDGE_SOCKET_PATH = '/__support-bridge'

/**
 * Stands in for the preload in a browser tab: defines `window.support` over a websocket to the
 * real core. The page URL carries the token (`?bridge=...`), kept for reloads in sessionStorage.
 */
export const bridgeShimSource = `(() => {
  const params = new URLSearchParams(location.search)
  const token = params.get('bridge') || sessionStorage.getItem('support-bridge-token') || ''
  sessionStorage.setItem('support-bridge-token', token)
  const pending = new Map()
  const listeners = new Set()
  const outbox = []
  let socket
  let nextId = 1
  function connect() {
    socket = new WebSocket('ws://' + location.host + '${BRIDGE_SOCKET_PATH}?token=' + encodeURIComponent(token))
    socket.onopen = () => { for (const message of outbox.splice(0)) socket.send(message) }
    socket.onmessage = (message) => {
      const parsed = JSON.parse(message.data)
      if (typeof parsed.id === 'number') {
        pending.get(parsed.id)?.(parsed.result)
        pending.delete(parsed.id)
      } else {
        for (const listener of listeners) listener(parsed)
      }
    }
    socket.onclose = () => {
      for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'unreachable', message: 'The app core stopped.' } })
      pending.clear()
      setTimeout(connect, 500)
    }
  }
  connect()
  window.support = Object.freeze({
    invoke(command, input) {
      return new Promise((resolve) => {
        const id = nextId++
        pending.set(id, resolve)
        const message = JSON.stringify({ id, command, input })
        if (socket.readyState === 1) socket.send(message)
        else outbox.push(message)
      })
    },
    on(event, listener) {
      const forward = (message) => { if (message.event === event) listener(message.payload) }
      listeners.add(forward)
      return () => listeners.delete(forward)
    },
  })
})()
`

export function injectBridgeScript(html: string): string {
  return html.replace('<head>', `<head>\n    <script src="${BRIDGE_SCRIPT_PATH}"></script>`)
}

function sameToken(given: string | null, token: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * Answers the shim's websocket on an HTTP server: only with the right token and only from a page
 * served by that same server (the Origin check keeps other sites in the browser out).
 */
export function attachBridgeSocket(server: EventEmitter, core: SupportCore, token: string): () => void {
  const sockets = new WebSocketServer({ noServer: true })
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://bridge.invalid')
    if (url.pathname !== BRIDGE_SOCKET_PATH) return
    const sameOrigin = request.headers.origin === `http://${request.headers.host}`
    if (!sameOrigin || !sameToken(url.searchParams.get('token'), token)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n')
      return
    }
    sockets.handleUpgrade(request, socket, head, (client) => serve(client, core))
  }
  server.on('upgrade', onUpgrade)
  return () => {
    server.off('upgrade', onUpgrade)
    for (const client of sockets.clients) client.terminate()
    sockets.close()
  }
}

function serve(client: WebSocket, core: SupportCore): void {
  const unsubscribe = core.onEvent((event, payload) => client.send(JSON.stringify({ event, payload })))
  client.on('close', unsubscribe)
  client.on('message', async (raw) => {
    let message: { id?: unknown; command?: unknown; input?: unknown }
    try {
      message = JSON.parse(raw.toString())
    } catch {
      return
    }
    if (typeof message.id !== 'number') return
    const result = await core.dispatch(message.command, message.input)
    if (client.readyState === client.OPEN) client.send(JSON.stringify({ id: message.id, result }))
  })
}

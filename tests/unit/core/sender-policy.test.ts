import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { isTrustedRendererUrl } from '../../../electron/core/ipc/sender-policy'

describe('IPC sender policy', () => {
  const rendererFile = '/opt/TiDB Cloud Support/resources/app/out/renderer/index.html'
  const page = pathToFileURL(rendererFile).href

  it('trusts the bundled renderer page, whatever its route', () => {
    expect(isTrustedRendererUrl(page, { rendererFile })).toBe(true)
    expect(isTrustedRendererUrl(`${page}#/tickets/SUP-1042`, { rendererFile })).toBe(true)
  })

  it('refuses other files, remote pages, and garbage', () => {
    for (const url of [
      'file:///tmp/evil.html',
      'https://evil.example/index.html',
      'http://localhost:5173/',
      'not a url',
      '',
      undefined,
    ]) {
      expect(isTrustedRendererUrl(url, { rendererFile }), String(url)).toBe(false)
    }
  })

  it('trusts only the dev server origin in development', () => {
    const trusted = { rendererFile, devServerUrl: 'http://localhost:5173' }
    expect(isTrustedRendererUrl('http://localhost:5173/#/plan', trusted)).toBe(true)
    expect(isTrustedRendererUrl('http://localhost:5174/', trusted)).toBe(false)
    expect(isTrustedRendererUrl(page, trusted)).toBe(false)
  })
})

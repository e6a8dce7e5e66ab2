import { existsSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { mkdtempSync } from 'node:fs'
import { _electron as electron } from 'playwright-core'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')

/** The Electron binary, if `npm install` or a first launch managed to download it. */
function installedElectron(): string | null {
  const packageDir = join(root, 'node_modules/electron')
  const pathFile = join(packageDir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : null
}

const electronBinary = installedElectron()
const sqliteForElectron = existsSync(join(root, 'node_modules/.electron-sqlite/better_sqlite3.node'))
const skipReason = !electronBinary
  ? 'the Electron binary is not installed (it downloads on first launch, and this machine has no internet)'
  : !sqliteForElectron
    ? "better-sqlite3 was not built for Electron's ABI (Electron's headers could not be downloaded)"
    : null

describe('the real desktop app (Playwright _electron)', () => {
  if (skipReason) console.warn(`[electron smoke test] skipped: ${skipReason}`)

  it.skipIf(skipReason !== null)('opens a sandboxed window whose only door is window.support', async () => {
    const app = await electron.launch({
      executablePath: electronBinary!,
      args: [root, `--user-data-dir=${mkdtempSync(join(tmpdir(), 'support-electron-'))}`],
    })
    try {
      const window = await app.firstWindow()
      expect(await window.title()).toBe('TiDB Cloud Support')
      expect(await window.evaluate(() => typeof (window as unknown as { support?: { invoke?: unknown } }).support?.invoke)).toBe('function')
      expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined')
      await expect.poll(() => window.getByTestId('use-demo').count()).toBe(1)
    } finally {
      await app.close()
    }
  })
})

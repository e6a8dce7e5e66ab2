// Builds better-sqlite3 a second time, for Electron's ABI, into its own folder, so that Node
// (tests, server) and Electron (the app) each load a binary of their own from one `npm install`.
// Electron's headers come from the network; where there is none, the build is skipped with a
// warning and `npm start` retries it, while tests keep using the Node build.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, cpSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const electronBindingPath = join(root, 'node_modules', '.electron-sqlite', 'better_sqlite3.node')

function electronVersion() {
  try {
    return require('electron/package.json').version
  } catch {
    return null
  }
}

export function buildElectronSqlite({ quiet = false } = {}) {
  const version = electronVersion()
  if (!version) return { ok: false, reason: 'electron is not installed' }
  if (existsSync(electronBindingPath)) return { ok: true, reason: 'already built' }
  const source = dirname(require.resolve('better-sqlite3/package.json'))
  const work = join(root, 'node_modules', '.electron-sqlite', 'src')
  rmSync(work, { recursive: true, force: true })
  mkdirSync(work, { recursive: true })
  cpSync(join(source, 'binding.gyp'), join(work, 'binding.gyp'))
  for (const dir of ['src', 'deps']) cpSync(join(source, dir), join(work, dir), { recursive: true })
  const env = { ...process.env }
  for (const key of Object.keys(env)) if (key.toLowerCase() === 'npm_config_nodedir') delete env[key]
  const gyp = require.resolve('node-gyp/bin/node-gyp.js')
  const result = spawnSync(
    process.execPath,
    [gyp, 'rebuild', `--target=${version}`, '--dist-url=https://electronjs.org/headers', '--release'],
    { cwd: work, env, stdio: quiet ? 'ignore' : 'inherit', timeout: 15 * 60_000 },
  )
  const built = join(work, 'build', 'Release', 'better_sqlite3.node')
  if (result.status !== 0 || !existsSync(built)) {
    rmSync(join(root, 'node_modules', '.electron-sqlite'), { recursive: true, force: true })
    return { ok: false, reason: `node-gyp could not build for Electron ${version} (Electron headers unreachable?)` }
  }
  cpSync(built, electronBindingPath)
  rmSync(work, { recursive: true, force: true })
  return { ok: true, reason: `built for Electron ${version}` }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = buildElectronSqlite({ quiet: process.env.CI === 'true' })
  const line = `[electron-sqlite] ${result.ok ? 'ok' : 'skipped'}: ${result.reason}`
  console.log(result.ok ? line : `${line}. Tests are unaffected; the desktop app needs this binary.`)
}

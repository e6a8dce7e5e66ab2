import { execFile } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { build } from 'vite'
import { z } from 'zod'

const root = resolve(import.meta.dirname, '../..')
const coldOpenSchema = z.object({ milliseconds: z.number(), rssBytes: z.number(), rows: z.number(), total: z.number() })
export type ColdOpen = z.infer<typeof coldOpenSchema>

/**
 * Builds the cold-open child as a plain Node module (core's SQL migrations are Vite raw imports) inside the
 * repository, so that its packages resolve from node_modules; then runs it on the signed-in user-data folder.
 */
export async function measureColdOpen(userDataDir: string): Promise<ColdOpen> {
  const outDir = join(root, '.tmp/bench-build/cold-open')
  await build({
    configFile: false,
    logLevel: 'warn',
    build: { ssr: join(root, 'tests/bench/cold-open-child.ts'), outDir, emptyOutDir: true, minify: false },
  })
  const entry = readdirSync(outDir).find((name) => /\.m?js$/.test(name))
  if (!entry) throw new Error(`The cold-open build left no module in ${outDir}`)
  const { stdout } = await promisify(execFile)(process.execPath, [join(outDir, entry), userDataDir], { cwd: root })
  return coldOpenSchema.parse(JSON.parse(stdout.trim().split('\n').at(-1)!))
}

import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'vite'

/**
 * Builds a program that imports core into one plain Node module, since core's SQL migrations are Vite raw imports.
 * `outDir` must be inside the repository, so that the module's packages resolve from node_modules. Returns its path.
 */
export async function buildForNode(entry: string, outDir: string): Promise<string> {
  await build({
    configFile: false,
    logLevel: 'warn',
    build: { ssr: entry, outDir, emptyOutDir: true, minify: false },
  })
  const module = readdirSync(outDir).find((name) => /\.m?js$/.test(name))
  if (!module) throw new Error(`The build of ${entry} left no module in ${outDir}`)
  return join(outDir, module)
}

import { execFile } from 'node:child_process'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { z } from 'zod'
import { buildForNode } from '../support/node-build'

const root = resolve(import.meta.dirname, '../..')
const coldOpenSchema = z.object({ milliseconds: z.number(), rssBytes: z.number(), rows: z.number(), total: z.number() })
export type ColdOpen = z.infer<typeof coldOpenSchema>

/** Builds the cold-open child (see buildForNode) and runs it on the signed-in user-data folder. */
export async function measureColdOpen(userDataDir: string): Promise<ColdOpen> {
  const entry = await buildForNode(join(root, 'tests/bench/cold-open-child.ts'), join(root, '.tmp/bench-build/cold-open'))
  const { stdout } = await promisify(execFile)(process.execPath, [entry, userDataDir], { cwd: root })
  return coldOpenSchema.parse(JSON.parse(stdout.trim().split('\n').at(-1)!))
}

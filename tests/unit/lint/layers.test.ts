import { ESLint } from 'eslint'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../../..')
const eslint = new ESLint({ cwd: root })

async function layerProblems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) })
  return (result?.messages ?? []).filter((message) => message.ruleId === 'support/layers').map((m) => m.message)
}

describe('layer rule (architecture.md)', () => {
  it('fails when electron/core imports electron', async () => {
    const problems = await layerProblems('electron/core/session/probe.ts', "import { app } from 'electron'\nexport const probe = app\n")
    expect(problems).toEqual([expect.stringContaining("may not import 'electron'")])
  })

  it('fails when the renderer imports from electron/', async () => {
    const problems = await layerProblems(
      'renderer/stores/probe.ts',
      "import { SessionService } from '../../electron/core/session/session-service'\nexport const probe = SessionService\n",
    )
    expect(problems).toEqual([expect.stringContaining('renderer may not import from electron/core')])
  })

  it('fails when shared reaches for Node or core, and when server reaches into the app', async () => {
    expect(await layerProblems('shared/domain/probe.ts', "import { readFileSync } from 'node:fs'\nexport const probe = readFileSync\n")).toHaveLength(1)
    expect(await layerProblems('shared/domain/probe.ts', "export * from '../../electron/core/support-core'\n")).toHaveLength(1)
    expect(await layerProblems('server/probe.ts', "export { createSupportCore } from '../electron/core/support-core'\n")).toHaveLength(1)
    expect(await layerProblems('electron/preload/probe.ts', "import { rmSync } from 'node:fs'\nexport const probe = rmSync\n")).toHaveLength(1)
  })

  it('lets each layer import what architecture.md allows', async () => {
    expect(await layerProblems('electron/core/probe.ts', "import { commands } from '../../shared/ipc/contract'\nimport { rmSync } from 'node:fs'\nexport const probe = [commands, rmSync]\n")).toEqual([])
    expect(await layerProblems('electron/main/probe.ts', "import { app } from 'electron'\nimport { createSupportCore } from '../core/support-core'\nexport const probe = [app, createSupportCore]\n")).toEqual([])
    expect(await layerProblems('renderer/probe.ts', "import { commands } from '../shared/ipc/contract'\nexport const probe = commands\n")).toEqual([])
  })
})

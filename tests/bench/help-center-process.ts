import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'

const root = resolve(import.meta.dirname, '../..')
const START_TIMEOUT_MS = 60_000

export interface HelpCenterProcess {
  url: string
  dbFile: string
  port: number
  stop(): Promise<void>
}

/**
 * The help center as it is deployed: its own process (`npm run server`), reached over loopback. On two cores
 * this lets the server build the next page while the app stores the last one, as it would against a real host.
 */
export async function startHelpCenterProcess(dbFile: string, port = 0): Promise<HelpCenterProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', '--db', dbFile, '--port', String(port)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  // Never outlive the benchmark, however it ends.
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  const errors: string[] = []
  child.stderr.setEncoding('utf8').on('data', (text: string) => errors.push(text))
  const exited = new Promise<void>((resolveExit) =>
    child.once('exit', () => {
      process.off('exit', killOnExit)
      resolveExit()
    }),
  )
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error('The help center did not start within a minute')), START_TIMEOUT_MS)
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /listening on (http:\/\/\S+)/.exec(line)
      if (!match) return
      clearTimeout(timer)
      resolveUrl(match[1]!)
    })
    void exited.then(() => {
      clearTimeout(timer)
      reject(new Error(`The help center exited: ${errors.join('').trim()}`))
    })
  })
  return {
    url,
    dbFile,
    port: Number(new URL(url).port),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}

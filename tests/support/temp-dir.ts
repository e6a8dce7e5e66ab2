import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterEach } from 'vitest'

/** A fresh folder per test, removed afterwards. */
export function useTempDir(prefix = 'support-test-'): () => string {
  const made: string[] = []
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
  })
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix))
    made.push(dir)
    return dir
  }
}

/** Every file under a folder with its bytes, to prove that something wrote nothing; `include` can pass some over. */
export function snapshotFiles(dir: string, include: (relativePath: string) => boolean = () => true): Record<string, string> {
  const files: Record<string, string> = {}
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const path = join(current, name)
      if (statSync(path).isDirectory()) walk(path)
      else if (include(relative(dir, path))) files[relative(dir, path)] = readFileSync(path).toString('base64')
    }
  }
  walk(dir)
  return files
}

/** Every byte under a folder, SQLite WAL files included, as text to search for what must not be there. */
export function everythingWritten(dir: string): string {
  let written = ''
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    written += statSync(path).isDirectory() ? everythingWritten(path) : readFileSync(path).toString('latin1')
  }
  return written
}

import { spawn } from 'node:child_process'
import { join } from 'node:path'
import type { PushFigures, PushJob } from './push-worker'

/** Runs `job` in a fresh Lead Manager process (bench/frame/push-worker.ts) and returns its figures. */
export function pushInChild(root: string, job: PushJob): Promise<PushFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'bench', 'frame', 'push-worker.ts'), JSON.stringify(job)],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] }
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith('{'))
      if (code !== 0 || !line) return reject(new Error(`push worker exited ${code}: ${stderr.trim()}`))
      resolve(JSON.parse(line) as PushFigures)
    })
  })
}

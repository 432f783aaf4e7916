import { spawn } from 'node:child_process'
import { join } from 'node:path'

/**
 * Runs a bench worker (bench/frame/<script>) in a fresh Lead Manager process with `job` as its
 * argument, and resolves with the JSON lines it printed: its figures, one object a line.
 */
export function workerLines(root: string, script: string, job: unknown): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'bench', 'frame', script), JSON.stringify(job)],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe']
      }
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      const lines = stdout.split('\n').filter((line) => line.startsWith('{'))
      if (code !== 0 || lines.length === 0) return reject(new Error(`${script} exited ${code}: ${stderr.trim()}`))
      resolve(lines)
    })
  })
}

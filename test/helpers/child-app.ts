import { spawn, type ChildProcess } from 'node:child_process'
import { join, resolve } from 'node:path'
import type { RpcResult } from '../../src/shared/contract/errors'
import { invokeOverHttp, RpcCallError } from './http-app'

const ROOT = resolve(__dirname, '../..')

export interface ChildApp {
  child: ChildProcess
  dataDir: string
  alive(): boolean
  output(): string
  call<T>(method: string, input?: unknown): Promise<T>
  callRaw(method: string, input?: unknown): Promise<RpcResult<unknown>>
  /** Sends one line to the child's stdin and waits for the line it answers starting with `answer`. */
  command(line: string, answer: string): Promise<string>
  stop(): Promise<void>
}

/** test/helpers/app-child.ts in its own Node process, on `dataDir`. */
export async function startChildApp(dataDir: string, env: Record<string, string> = {}): Promise<ChildApp> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'helpers', 'app-child.ts'), dataDir], {
    cwd: ROOT,
    env: { ...process.env, LEADS_VALIDATE_OUTPUT: '1', LEADS_RETRY_BASE_MS: '20', ...env },
    stdio: ['pipe', 'pipe', 'pipe']
  })
  let output = ''
  let exited = false
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  child.once('exit', () => (exited = true))
  const { url, token } = await new Promise<{ url: string; token: string }>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app printed nothing within 60 s:\n${output}`)), 60_000)
    const check = (): void => {
      const match = /READY (\{.*\})\n/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolvePromise(JSON.parse(match[1]!) as { url: string; token: string })
      }
    }
    child.stdout!.on('data', check)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the app exited with ${code} before it was ready:\n${output}`))
    })
  })
  const callRaw = (method: string, input: unknown = {}): Promise<RpcResult<unknown>> =>
    invokeOverHttp(url, token, method, input)
  return {
    child,
    dataDir,
    alive: () => !exited,
    output: () => output,
    callRaw,
    async call<T>(method: string, input: unknown = {}): Promise<T> {
      const reply = await callRaw(method, input)
      if (!reply.ok) throw new RpcCallError(reply.error.code, reply.error.message)
      return reply.result as T
    },
    command(line: string, answer: string): Promise<string> {
      const from = output.length
      child.stdin!.write(line + '\n')
      return new Promise((resolvePromise, reject) => {
        const timer = setTimeout(() => reject(new Error(`no answer to "${line}":\n${output.slice(from)}`)), 30_000)
        const check = (): void => {
          const found = output
            .slice(from)
            .split('\n')
            .find((l) => l.startsWith(answer))
          if (found) {
            clearTimeout(timer)
            child.stdout!.off('data', check)
            resolvePromise(found)
          }
        }
        child.stdout!.on('data', check)
        check()
      })
    },
    async stop() {
      if (exited) return
      const gone = new Promise<void>((resolvePromise) => child.once('exit', () => resolvePromise()))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await gone
      clearTimeout(timer)
    }
  }
}

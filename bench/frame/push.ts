import type { PushFigures, PushJob } from './push-worker'
import { workerLines } from './worker'

/** Runs `job` in a fresh Lead Manager process (bench/frame/push-worker.ts) and returns its figures. */
export async function pushInChild(root: string, job: PushJob): Promise<PushFigures> {
  const [line] = await workerLines(root, 'push-worker.ts', job)
  return JSON.parse(line!) as PushFigures
}

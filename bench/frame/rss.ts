import { readFileSync, writeFileSync } from 'node:fs'

const MB = 1024

function statusKb(pid: number | 'self', field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)
    return match ? Number(match[1]) : null
  } catch {
    return null
  }
}

/** Current resident set of a process, in MB (Linux). */
export function rssMB(pid: number | 'self'): number | null {
  const kb = statusKb(pid, 'VmRSS')
  return kb === null ? null : kb / MB
}

/**
 * Peak RSS of this process from now on: writing 5 to clear_refs resets VmHWM to the current RSS
 * (Linux ≥ 4.0), so what a step adds is not hidden under an earlier step's peak.
 */
export function startPeak(): () => number | null {
  let reset = true
  try {
    writeFileSync('/proc/self/clear_refs', '5')
  } catch {
    // Not Linux, or not allowed: VmHWM then covers the whole process lifetime.
    reset = false
  }
  // VmHWM is exact; the polled RSS is a fallback for kernels without it. It is not run beside an
  // exact reading: polling costs the measured process CPU (about 2% of a first sync's main thread).
  const exact = reset && statusKb('self', 'VmHWM') !== null
  let polled = 0
  const timer = exact ? null : setInterval(() => (polled = Math.max(polled, process.memoryUsage().rss)), 50)
  timer?.unref()
  return () => {
    if (timer) clearInterval(timer)
    const kb = statusKb('self', 'VmHWM')
    return kb === null ? (polled > 0 ? polled / 2 ** 20 : null) : kb / MB
  }
}

/**
 * Samples a child's VmHWM and CPU time until it exits: the last readings are its peak RSS (VmHWM
 * only grows) and, to within the sampling interval, its CPU seconds.
 */
export function watchProcess(pid: number): () => { peakRssMB: number | null; cpuSeconds: number | null } {
  let peak: number | null = null
  let cpu: number | null = null
  const read = (): void => {
    const kb = statusKb(pid, 'VmHWM')
    if (kb !== null) peak = Math.max(peak ?? 0, kb / MB)
    cpu = cpuSeconds(pid) ?? cpu
  }
  read()
  const timer = setInterval(read, 20)
  timer.unref()
  return () => {
    read()
    clearInterval(timer)
    return { peakRssMB: peak, cpuSeconds: cpu }
  }
}

/** CPU seconds (user + system) in a /proc `stat` file (a process's or one thread's), or null. */
function statCpuSeconds(file: string): number | null {
  try {
    const fields = readFileSync(file, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return null
  }
}

/** CPU seconds (user + system) a process has used so far (Linux). */
export function cpuSeconds(pid: number | undefined): number | null {
  return pid === undefined ? null : statCpuSeconds(`/proc/${pid}/stat`)
}

/**
 * CPU seconds one thread of a process has used so far (Linux); the main thread's id is the
 * process's. Splits a process's CPU between its JS thread and the rest (libuv's pool, where SQLite
 * runs statements, and V8's helpers).
 */
export function threadCpuSeconds(pid: number, tid: number): number | null {
  return statCpuSeconds(`/proc/${pid}/task/${tid}/stat`)
}

/** Every descendant of `pid` (children, grandchildren, …). */
export function descendants(pid: number): number[] {
  const out: number[] = []
  const walk = (parent: number): void => {
    let text: string
    try {
      text = readFileSync(`/proc/${parent}/task/${parent}/children`, 'utf8')
    } catch {
      return
    }
    for (const child of text.split(' ').filter(Boolean).map(Number)) {
      out.push(child)
      walk(child)
    }
  }
  walk(pid)
  return out
}

import { useEffect, useRef, useState } from 'react'
import type { ExportProgress, MethodInput } from '../../../shared/contract'
import { on, send, transportKind } from '../rpc/client'

export type ExportRequest = Omit<MethodInput<'export.start'>, 'target'>

export interface ExportRun {
  progress: ExportProgress | null
  /** The file name the export is written under (the one chosen in the save dialog, on the desktop). */
  fileName: string | null
  target: 'file' | 'download'
}

const FINISHED: ReadonlySet<ExportProgress['phase']> = new Set(['done', 'cancelled', 'failed'])

export function isFinished(progress: ExportProgress | null): boolean {
  return progress !== null && FINISHED.has(progress.phase)
}

/** Lets the browser download the file through a same-origin link, as if the user had clicked one. */
function download(url: string, fileName: string): void {
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.rel = 'noopener'
  document.body.append(link)
  link.click()
  link.remove()
}

/**
 * Starts an export where this app can put it (the save dialog on the desktop, a download in a
 * browser) and follows its progress from the pushed events, with a slow poll as the safety net.
 */
export function useExportRun(): {
  run: ExportRun | null
  start(request: ExportRequest): Promise<void>
  cancel(): Promise<void>
  reset(): void
} {
  const [run, setRun] = useState<ExportRun | null>(null)
  const exportId = useRef<string | null>(null)

  useEffect(
    () =>
      on('export.progress', (progress) => {
        if (progress.exportId !== exportId.current) return
        setRun((old) => (old && !isFinished(old.progress) ? { ...old, progress } : old))
      }),
    []
  )

  const running = run !== null && !isFinished(run.progress)
  useEffect(() => {
    if (!running) return
    const timer = setInterval(() => {
      const id = exportId.current
      if (!id) return
      void send('export.status', { exportId: id }).then((progress) => {
        if (progress && progress.exportId === exportId.current)
          setRun((old) => (old && !isFinished(old.progress) ? { ...old, progress } : old))
      })
    }, 2_000)
    return () => clearInterval(timer)
  }, [running])

  return {
    run,
    async start(request) {
      const target = transportKind() === 'ipc' ? 'file' : 'download'
      const reply = await send('export.start', { ...request, target })
      if (!reply.started || !reply.exportId) return
      exportId.current = reply.exportId
      setRun({ progress: null, fileName: reply.fileName, target })
      if (reply.downloadUrl) download(reply.downloadUrl, reply.fileName)
    },
    async cancel() {
      if (exportId.current) await send('export.cancel', { exportId: exportId.current })
    },
    reset() {
      exportId.current = null
      setRun(null)
    }
  }
}

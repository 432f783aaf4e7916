import { useEffect, useState } from 'react'
import type { ImportProgress } from '../../../shared/contract'
import { on } from '../rpc/client'

/**
 * The latest progress the main side pushed for one session (or `push:<id>`) during run number
 * `run`: a new run starts without the last run's figures.
 */
export function useImportProgress(key: string | null, run: number | null): ImportProgress | null {
  const [latest, setLatest] = useState<{ run: number; progress: ImportProgress } | null>(null)
  useEffect(() => {
    if (!key || run === null) return
    return on('import.progress', (progress) => {
      if (progress.key === key) setLatest({ run, progress })
    })
  }, [key, run])
  return run !== null && latest?.run === run ? latest.progress : null
}

import type { ImportDeps } from './deps'
import type { ImportHandlers } from './handlers'
import { clearStaged } from './staged'
import { clearUploads } from './uploads'

/**
 * The import's handlers, with the import itself (papaparse, chardet, iconv-lite, libphonenumber-js
 * and the pipeline: a third of the main bundle) loaded on the first call rather than at start,
 * where compiling it delayed the first page. What a previous run left behind is cleared at start,
 * as before, so that a file uploaded before the first call is not swept away by it.
 */
export function importHandlers(ctx: ImportDeps): ImportHandlers {
  clearUploads(ctx.dataDir)
  clearStaged(ctx.dataDir)
  let loading: Promise<ImportHandlers> | null = null
  const loaded = (): Promise<ImportHandlers> =>
    (loading ??= import('./handlers').then((m) => m.loadedImportHandlers(ctx)))
  return {
    'imports.open': async (input) => (await loaded())['imports.open'](input),
    'imports.configure': async (input) => (await loaded())['imports.configure'](input),
    'imports.analyze': async (input) => (await loaded())['imports.analyze'](input),
    'imports.rows': async (input) => (await loaded())['imports.rows'](input),
    'imports.fix': async (input) => (await loaded())['imports.fix'](input),
    'imports.skip': async (input) => (await loaded())['imports.skip'](input),
    'imports.rejected': async (input) => (await loaded())['imports.rejected'](input),
    'imports.commit': async (input) => (await loaded())['imports.commit'](input),
    'imports.cancel': async (input) => (await loaded())['imports.cancel'](input),
    'imports.close': async (input) => (await loaded())['imports.close'](input),
    'imports.history': async (input) => (await loaded())['imports.history'](input),
    'imports.revert': async (input) => (await loaded())['imports.revert'](input),
    'imports.push': async (input) => (await loaded())['imports.push'](input),
    'imports.presets': async (input) => (await loaded())['imports.presets'](input),
    'imports.savePreset': async (input) => (await loaded())['imports.savePreset'](input),
    'imports.deletePreset': async (input) => (await loaded())['imports.deletePreset'](input)
  }
}

// What other folders may use of csv. The export: the service (compose.ts builds it; the HTTP
// transport streams its downloads), the presets it keeps, and the save dialog's type.
export { CsvExportService, type CsvExportDeps, type ExportDownload } from './service'
export { ExportPresets } from './presets'
export type { ChooseSaveFile } from './handlers'
// The import: its handlers, and the upload endpoint's receiver for browser mode.
export { importHandlers } from './import/lazy-handlers'
export type { ImportDeps } from './import/deps'
export { saveUpload } from './import/uploads'

// What other folders may use of the CSV export: the service (compose.ts builds it; the HTTP
// transport streams its downloads), the presets it keeps, and the save dialog's type.
export { CsvExportService, type CsvExportDeps, type ExportDownload } from './service'
export { ExportPresets } from './presets'
export type { ChooseSaveFile } from './handlers'

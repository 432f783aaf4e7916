// What other folders (and the entry points) may use of csv: the import's handlers, and the upload
// endpoint's receiver for browser mode.
export { importHandlers } from './import/handlers'
export type { ImportDeps } from './import/deps'
export { saveUpload } from './import/uploads'

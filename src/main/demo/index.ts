export { DemoWorkspace, type DemoDeps } from './workspace'

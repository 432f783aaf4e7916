export { SettingsStore } from './store'

export { KeytarSecretStore } from './keytar-store'
export { SECRET_SERVICE, type SecretStore } from './secret-store'

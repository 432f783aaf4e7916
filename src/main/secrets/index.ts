/** The secrets domain: where tokens are kept, and how any text is cleaned of them. */
export { KeytarSecretStore } from './keytar-store'
export { SECRET_SERVICE, type SecretStore } from './secret-store'
export { scrubToken, tokenForms } from './scrub'

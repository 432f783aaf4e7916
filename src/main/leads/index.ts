// What other folders may use of leads: the service, and what a sync writes a page of records with.
export { LeadService, type LeadDeps } from './service'
export { upsertLeads } from './upsert'

import { LEAD_STATUSES, type LeadStatus } from '../../../../shared/contract'

/*
 * Lead statuses as other tools spell them, folded to ours (express-chat's six). Keys are
 * lowercased with everything but letters and digits removed, so "Closed - Won", "closed_won" and
 * "CLOSED WON" are one key.
 */
const SYNONYMS: Record<LeadStatus, readonly string[]> = {
  OPEN: [
    'open',
    'new',
    'lead',
    'fresh',
    'todo',
    'notcontacted',
    'opennotcontacted',
    'uncontacted',
    'unassigned',
    'subscriber',
    'marketingqualifiedlead',
    'mql'
  ],
  INPROGRESS: [
    'inprogress',
    'progress',
    'working',
    'workingcontacted',
    'contacted',
    'attemptedtocontact',
    'connected',
    'opendeal',
    'engaged',
    'active',
    'qualifying',
    'started',
    'ongoing',
    'salesqualifiedlead',
    'sql'
  ],
  REVIEW: ['review', 'inreview', 'underreview', 'pendingreview', 'qualified', 'evaluation', 'proposal', 'negotiation'],
  ONHOLD: ['onhold', 'hold', 'paused', 'badtiming', 'waiting', 'nurture', 'nurturing', 'later', 'snoozed'],
  DEPENDANCY: ['dependancy', 'dependency', 'dependent', 'blocked', 'waitingoncustomer', 'waitingonthirdparty'],
  CLOSED: [
    'closed',
    'won',
    'lost',
    'done',
    'converted',
    'closedconverted',
    'closednotconverted',
    'closedwon',
    'closedlost',
    'unqualified',
    'disqualified',
    'customer',
    'archived',
    'deleted',
    'junk',
    'dead',
    'complete',
    'completed'
  ]
}

const LOOKUP = new Map<string, LeadStatus>()
for (const status of LEAD_STATUSES) for (const word of SYNONYMS[status]) LOOKUP.set(word, status)

export function statusKey(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')
}

/** Our status for what a spreadsheet says, or null when the word means nothing we know. */
export function toStatus(text: string): LeadStatus | null {
  return LOOKUP.get(statusKey(text)) ?? null
}

export const STATUS_HINT = `one of ${LEAD_STATUSES.join(', ')} (or new, won, lost, contacted, on hold…)`

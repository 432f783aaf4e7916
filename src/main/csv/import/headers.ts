import type { ColumnMapping, ImportField, ImportTarget } from '../../../shared/contract'

/*
 * Column headers as the usual exports spell them, per source. A header is compared as a key:
 * lowercased, accents removed, everything but letters and digits dropped ("Country/Region" →
 * "countryregion"). Source prefixes such as Pipedrive's "Person - " are removed first.
 */
type Known = Partial<Record<ImportField | 'attribute' | 'ignore', readonly string[]>>

/** Our export writes one column per custom attribute under this prefix (src/shared/csv/columns.ts). */
export const ATTRIBUTE_HEADER_PREFIX = 'Attribute: '

export const LEAD_MANAGER_EXPORT = 'Lead Manager export'

const SOURCES: Record<string, Known> = {
  // The headers of our own export (wt/csv-export: src/shared/csv/columns.ts, docs/csv-format.md).
  [LEAD_MANAGER_EXPORT]: {
    name: ['Name'],
    email: ['Email'],
    phone: ['Phone'],
    phonePrefix: ['Dial code'],
    status: ['Status'],
    agent: ['Agent'],
    city: ['City'],
    country: ['Country'],
    tags: ['Tags'],
    notes: ['Notes'],
    attributes: ['Attributes'],
    remoteId: ['Platform ID'],
    connection: ['Connection ID'],
    kind: ['Kind'],
    createdAt: ['Created'],
    updatedAt: ['Updated'],
    lastMessageText: ['Last message'],
    lastMessageAt: ['Last message at'],
    // Platform bookkeeping the cache takes from the platform, not from a file.
    ignore: [
      'Connection',
      'Platform',
      'Gender',
      'Picture URL',
      'Last message by',
      'Website visits',
      'Synced',
      'Raw platform data'
    ]
  },
  HubSpot: {
    remoteId: ['Record ID', 'Contact ID'],
    firstName: ['First Name'],
    lastName: ['Last Name'],
    email: ['Email'],
    phone: ['Phone Number', 'Mobile Phone Number'],
    status: ['Lead Status'],
    agent: ['Contact owner', 'HubSpot Owner'],
    city: ['City'],
    country: ['Country/Region', 'Country'],
    createdAt: ['Create Date'],
    updatedAt: ['Last Modified Date'],
    note: ['Notes', 'Message'],
    attribute: ['Company Name', 'Job Title', 'Lifecycle Stage', 'State/Region', 'Website URL', 'Associated Company']
  },
  Salesforce: {
    remoteId: ['Lead ID', 'Id'],
    firstName: ['First Name', 'FirstName'],
    lastName: ['Last Name', 'LastName'],
    email: ['Email'],
    phone: ['Phone', 'Mobile', 'MobilePhone'],
    status: ['Lead Status', 'Status'],
    agent: ['Lead Owner', 'Owner', 'OwnerId'],
    city: ['City'],
    country: ['Country'],
    createdAt: ['Created Date', 'CreatedDate'],
    updatedAt: ['Last Modified Date', 'LastModifiedDate'],
    note: ['Description'],
    attribute: [
      'Company',
      'Company / Account',
      'Title',
      'Lead Source',
      'LeadSource',
      'Rating',
      'State/Province',
      'Industry'
    ]
  },
  Pipedrive: {
    remoteId: ['Person - ID', 'Lead - ID', 'ID'],
    name: ['Person - Name', 'Name'],
    email: ['Person - Email', 'Person - Email - Work', 'Email'],
    phone: ['Person - Phone', 'Person - Phone - Work', 'Phone'],
    status: ['Deal - Status', 'Status'],
    agent: ['Person - Owner', 'Lead - Owner', 'Owner'],
    tags: ['Person - Labels', 'Lead - Labels', 'Labels', 'Label'],
    createdAt: ['Person - Person created', 'Lead - Lead created', 'Lead created', 'Person created'],
    updatedAt: ['Person - Update time', 'Update time'],
    note: ['Person - Notes', 'Notes'],
    attribute: ['Person - Organization', 'Organization', 'Lead - Title']
  },
  Twenty: {
    remoteId: ['Id'],
    firstName: ['Name / First Name', 'First name', 'Name First Name'],
    lastName: ['Name / Last Name', 'Last name', 'Name Last Name'],
    email: ['Emails / Primary Email', 'Emails', 'Primary Email'],
    phone: ['Phones / Primary Phone Number', 'Phones', 'Primary Phone Number'],
    phonePrefix: ['Phones / Primary Phone Country Code', 'Primary Phone Country Code', 'Primary Phone Calling Code'],
    city: ['City'],
    createdAt: ['Created at', 'Creation date'],
    updatedAt: ['Updated at', 'Last update'],
    agent: ['Account Owner'],
    attribute: ['Job Title', 'Company', 'Linkedin', 'X']
  }
}

/** Words that give a header away when no source knows it exactly. Checked in this order. */
const HINTS: readonly [RegExp, ImportField][] = [
  [/(e?mail|correo|courriel)/, 'email'],
  [/(phone|mobile|cell|tel|telefon|telephone|whatsapp)(number)?$/, 'phone'],
  [/^(dialcode|countrycode|callingcode|phoneprefix)$/, 'phonePrefix'],
  [/^(first|given|fore|vor)name$|^firstname|^prenom$/, 'firstName'],
  [/^(last|family|sur|nach)name$|^lastname|^surname$|^nom$/, 'lastName'],
  [/^(full)?name$|^contact(name)?$|^person(name)?$|^lead(name)?$/, 'name'],
  [/status$|^stage$/, 'status'],
  [/owner|agent|assigned|salesrep|rep$/, 'agent'],
  [/^(city|town|ort|ville|ciudad)$/, 'city'],
  [/^country/, 'country'],
  [/^(tags?|labels?)$/, 'tags'],
  [/^(notes?|comments?|description|remarks?)$/, 'note'],
  [/^(created|createdat|createdon|createdate|datecreated|creationdate|signupdate|added|dateadded)$/, 'createdAt'],
  [/^(updated|updatedat|modified|lastmodified|lastmodifieddate|lastupdate)$/, 'updatedAt']
]

export function headerKey(header: string): string {
  return header
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/^(person|lead|contact|deal|organization)\s*-\s*/, '')
    .replace(/[^\p{L}\p{N}]/gu, '')
}

const EXACT = new Map<string, ImportField | 'attribute' | 'ignore'>()
const BY_SOURCE = new Map<string, Set<string>>()
for (const [source, known] of Object.entries(SOURCES)) {
  const keys = new Set<string>()
  for (const [target, headers] of Object.entries(known) as [
    ImportField | 'attribute' | 'ignore',
    readonly string[]
  ][]) {
    for (const header of headers) {
      const key = headerKey(header)
      keys.add(header.toLowerCase())
      if (target === 'ignore') continue
      // The first source to claim a key wins; ours come first. Our JSON lists only when the whole
      // header row is ours: elsewhere a "Notes" column is plain text.
      const jsonList = target === 'notes' || target === 'attributes'
      if (!EXACT.has(key) && !jsonList) EXACT.set(key, target)
    }
  }
  BY_SOURCE.set(source, keys)
}

/** Edits from a to b, a swap of two neighbours counting as one ("Emial"): optimal string alignment. */
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)])
  for (let j = 0; j <= b.length; j++) d[0]![j] = j
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1)
      d[i]![j] = best
    }
  }
  return d[a.length]![b.length]!
}

/** The field a header most likely holds, or null. */
export function guessTarget(header: string): ImportField | 'attribute' | 'ignore' | null {
  if (header.startsWith(ATTRIBUTE_HEADER_PREFIX)) return 'attribute'
  const key = headerKey(header)
  if (key === '') return null
  const exact = EXACT.get(key)
  if (exact) return exact
  for (const [pattern, target] of HINTS) if (pattern.test(key)) return target
  // A typo ("Emial", "Phnoe"): one or two edits from a known header of five letters or more.
  if (key.length >= 5) {
    for (const [known, target] of EXACT)
      if (known.length >= 5 && distance(key, known) <= (key.length >= 8 ? 2 : 1)) return target
  }
  return null
}

/** Headers only our own export writes: without one of them, a file is not ours however plain its headers. */
const OURS_ONLY = new Set(['platform id', 'connection id', 'dial code', 'raw platform data'])

/** Per source, the headers no other source lists: a file must have one to be taken for that source. */
const DISTINCTIVE = new Map<string, Set<string>>(
  [...BY_SOURCE].map(([source, keys]) => [
    source,
    source === LEAD_MANAGER_EXPORT
      ? OURS_ONLY
      : new Set([...keys].filter((key) => [...BY_SOURCE].every(([other, o]) => other === source || !o.has(key))))
  ])
)

/** Which known export the header row comes from, if most of its headers are that source's and one is its alone. */
export function recognizeSource(headers: readonly string[]): string | null {
  let best: { source: string; share: number } | null = null
  const lowered = headers.map((h) => h.trim().toLowerCase()).filter(Boolean)
  for (const [source, keys] of BY_SOURCE) {
    const ours = source === LEAD_MANAGER_EXPORT
    const attributeColumn = (h: string): boolean => ours && h.startsWith(ATTRIBUTE_HEADER_PREFIX.toLowerCase())
    const hits = lowered.filter((h) => keys.has(h) || attributeColumn(h)).length
    const distinctive = lowered.some((h) => DISTINCTIVE.get(source)!.has(h) || attributeColumn(h))
    const share = hits / Math.max(1, lowered.length)
    if (distinctive && hits >= 3 && share >= 0.6 && (!best || share > best.share)) best = { source, share }
  }
  return best?.source ?? null
}

/**
 * One target per column: known headers first, each field taken once (a second "Email" column
 * becomes a custom attribute rather than overwrite the first); what nothing matches is ignored.
 */
export function suggestMapping(headers: readonly string[], source: string | null): ColumnMapping[] {
  const taken = new Set<ImportTarget>()
  const known = source ? SOURCES[source] : undefined
  const sourceTarget = (header: string): ImportField | 'attribute' | 'ignore' | null => {
    if (!known) return null
    const key = headerKey(header)
    for (const [target, names] of Object.entries(known) as [
      ImportField | 'attribute' | 'ignore',
      readonly string[]
    ][]) {
      if (names.some((name) => headerKey(name) === key)) return target
    }
    return null
  }
  return headers.map((header, column) => {
    const guess = sourceTarget(header) ?? guessTarget(header)
    let target: ImportTarget = 'ignore'
    if (guess === 'attribute' || guess === 'ignore') target = guess
    else if (guess && !taken.has(guess)) {
      target = guess
      taken.add(guess)
    } else if (guess) target = 'attribute'
    return { column, target }
  })
}

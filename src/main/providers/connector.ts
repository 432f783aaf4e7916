import type { Attribute, Brand, ConnectionTestResult, LeadPatch, Note, Platform } from '../../shared/contract'

/** A platform record mapped to the cache's columns; `raw` is the platform's own JSON, kept as-is. */
export interface NormalizedLead {
  remoteId: string
  kind: 'lead' | 'chat'
  name: string | null
  email: string | null
  phone: string | null
  phonePrefix: string | null
  status: string | null
  agent: string | null
  picture: string | null
  city: string | null
  country: string | null
  gender: string | null
  tags: string[]
  notes: Note[]
  attributes: Attribute[]
  lastMessageText: string | null
  lastMessageAt: string | null
  lastMessageBy: string | null
  websiteVisits: number | null
  /** ISO-8601 UTC with milliseconds, whatever format the platform used. */
  createdAt: string | null
  updatedAt: string | null
  raw: unknown
  /**
   * `raw` as JSON text, once the sync engine has serialised it: a batch waiting for its write then
   * holds one string per record instead of the parsed object tree (and `raw` is dropped).
   */
  rawJson?: string
}

/** Opaque per-stream position, stored as JSON in sync_checkpoints in the same transaction as the page. */
export type StreamCursor = Record<string, unknown>

export interface Page {
  leads: NormalizedLead[]
  /**
   * Where the next request starts. When `done`, the resting cursor from which the next sync's
   * incremental pass starts. Stored in the same transaction as `leads`.
   */
  next: StreamCursor
  /** This pass over the stream is complete. */
  done: boolean
  /** Estimated fraction of the pass done, when the connector can tell; for progress bars. */
  fraction?: number | null
  /** Records read but left out of `leads` because the cache holds them unchanged (see `UnchangedFilter`). */
  unchanged?: number
}

/** One record of a page as received: its id, the kind it maps to, and its JSON as the cache stores it. */
export interface ReceivedRecord {
  remoteId: string
  kind: NormalizedLead['kind']
  rawJson: string
}

/**
 * The remote ids among `records` the cache already holds exactly so (same JSON, same kind). A
 * connector that must re-read every record (no updated-at to page by) asks before it checks and
 * maps a page, and leaves those out: a re-scan that finds nothing changed then costs a read and a
 * comparison per record, not a mapping and a write.
 */
export type UnchangedFilter = (records: readonly ReceivedRecord[]) => Promise<ReadonlySet<string>>

/**
 * Up to `count` remote ids of records the cache holds, spread evenly over the order they were first
 * stored in (a pass's order), in that order. A connector that must re-read every record may start
 * reading after several of them at once; the ids are hints, never trusted to be complete or current.
 */
export type Landmarks = (count: number) => Promise<readonly string[]>

export interface PushTarget {
  remoteId: string
  kind: 'lead' | 'chat'
  /** The lead's current raw JSON, for platforms whose writes need more than the id. */
  raw: unknown
}

export type PushOutcome =
  | {
      kind: 'delivered'
      remoteId?: string
      /** Delivered, but not quite as edited (e.g. ChatBot.com notes cut to fit 1024 characters): show it. */
      warning?: string
    }
  | { kind: 'read-only' }

/**
 * A patch as a connector writes it. Its status may be one the lead already had rather than one the
 * user picked (ChatBot.com keeps any text, a verbatim import may carry any), so it is any text.
 */
export type WritePatch = Omit<LeadPatch, 'status'> & { status?: string }

/** A lead made in the app (a CSV import) that a platform does not have yet. */
export interface LocalLead {
  /** Chosen by the app and kept by the platform (express-chat's uuid, ChatBot.com's userId): a retried create finds it. */
  clientId: string
  name: string | null
  email: string | null
  phone: string | null
  phonePrefix: string | null
  status: string | null
  agent: string | null
  city: string | null
  country: string | null
  tags: string[]
  notes: Note[]
  attributes: Attribute[]
}

export interface CreateOutcome {
  remoteId: string
  /** Sent, but not quite whole (notes cut, an attribute the platform cannot take): show it. */
  warning?: string
}

/**
 * One platform. Connectors are stateless between calls: all progress lives in the cursor, so a
 * killed sync resumes from the last committed checkpoint.
 */
export interface Connector {
  readonly platform: Platform
  readonly readOnly: boolean
  /** Independent lists the platform pages through, e.g. express-chat's 'lead' and 'non-lead'. */
  streams(): readonly string[]
  /**
   * The next page of `stream`. `cursor` is null for the first full pass ever; otherwise it is
   * what the previous page returned as `next` (mid-pass after a crash, or resting after `done`).
   * Must neither lose nor double-count a record when the list shifts while it is paged.
   */
  fetchPage(
    stream: string,
    cursor: StreamCursor | null,
    signal: AbortSignal,
    unchanged?: UnchangedFilter,
    landmarks?: Landmarks
  ): Promise<Page>
  /** One real request that proves the credentials work. */
  test(signal: AbortSignal): Promise<ConnectionTestResult>
  /** Send a patch. Must be safe to repeat after a lost response (the outbox retries). */
  push(target: PushTarget, patch: LeadPatch, signal: AbortSignal): Promise<PushOutcome>
  /** Create a local lead on the platform under its client id. Absent: the platform takes no new leads. */
  createLead?(lead: LocalLead, signal: AbortSignal): Promise<CreateOutcome>
  /**
   * After a create whose reply was lost: the remote id of the lead created with `clientId` since
   * `since` (ISO), or null if the platform does not have it. Read before any retried create.
   */
  findCreated?(clientId: string, since: string, signal: AbortSignal): Promise<string | null>
  /** The conversations the platform lists for one lead, where it lists them (ChatBot.com user details). */
  conversations?(remoteId: string, signal: AbortSignal): Promise<RemoteConversation[]>
}

export interface RemoteConversation {
  id: string
  /** ISO-8601 UTC, whatever format the platform used. */
  startedAt: string | null
  firstMessage: string | null
}

/** Errors a connector throws, classified so the engine knows whether to retry. */
export class ProviderError extends Error {
  constructor(
    readonly kind: 'unauthorized' | 'rate-limited' | 'server' | 'malformed' | 'network' | 'bad-request' | 'not-found',
    message: string,
    readonly status: number | null = null,
    /** Seconds from Retry-After, when the platform sent one. */
    readonly retryAfterSeconds: number | null = null
  ) {
    super(message)
    this.name = 'ProviderError'
  }

  get retryable(): boolean {
    return (
      this.kind === 'rate-limited' || this.kind === 'server' || this.kind === 'malformed' || this.kind === 'network'
    )
  }
}

export interface ConnectorSettings {
  platform: Platform
  baseUrl: string
  token: string
  /** The origin the token was entered for; the connector sends it nowhere else. Defaults to the base URL's. */
  tokenOrigin?: string
  botId?: string | null
  customerId?: string | null
  agentId?: string | null
  /** express-chat's white label, for messages ("Connected to Reekolect bot …"). */
  brand?: Brand | null
  /** Per-request timeout, body included; defaults to 30 s. */
  timeoutMs?: number
  /** Injected for tests of time-dependent behaviour; defaults to global fetch. */
  fetch?: typeof fetch
}

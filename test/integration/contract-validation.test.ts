import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contract, type MethodInput, type MethodName } from '../../src/shared/contract'
import { startTestApp, type TestApp } from '../helpers/app'

// One valid input per method; the type makes a new method without a sample a compile error.
const VALID: { [M in MethodName]: MethodInput<M> } = {
  'app.info': {},
  'settings.get': {},
  'settings.update': { syncIntervalMinutes: 30 },
  'connections.list': {},
  'connections.create': {
    platform: 'express-chat',
    brand: 'reekolect',
    name: 'Main bot',
    pasted: 'https://page.reekolect.online/aaaa/bbbb',
    token: 'secret-token'
  },
  'connections.update': { id: 'c1', name: 'Renamed', token: 'new-token' },
  'connections.test': { draft: { platform: 'chatzuri', name: 'Z', agentId: 'agent-1', token: 't' } },
  'connections.remove': { id: 'c1', deleteData: true },
  'sync.run': { connectionId: 'c1' },
  'sync.cancel': { connectionId: 'c1' },
  'sync.status': {},
  'leads.list': { connectionId: 'c1', status: 'OPEN', tag: 'vip', search: 'ana', offset: 0, limit: 50 },
  'leads.get': { id: 1 },
  'leads.detail': { id: 1 },
  'leads.conversations': { id: 1 },
  'leads.update': {
    ids: [1, 2],
    patch: { status: 'CLOSED', tags: ['vip'], notes: [{ title: 't', description: 'd' }] }
  },
  'leads.promote': { id: 1, name: 'Ana', email: 'ana@example.com' },
  'outbox.list': { connectionId: 'c1' },
  'outbox.resolve': { id: 1, choices: { status: 'mine' } },
  'leads.query': {
    query: {
      filters: {
        status: ['OPEN'],
        tags: { mode: 'all', values: ['vip'] },
        agent: ['ana'],
        created: { preset: '7d' },
        hasEmail: true,
        syncState: ['conflict']
      },
      search: 'ana',
      sort: [{ column: 'name', dir: 'asc' }],
      columns: ['name', 'email']
    },
    window: { offset: 40 },
    limit: 100
  },
  'leads.count': { query: { filters: { kind: 'lead' } } },
  'leads.facets': { field: 'tag', prefix: 'v', limit: 10 },
  'views.list': {},
  'views.create': { name: 'Open', query: { filters: { status: ['OPEN'] } } },
  'views.update': { id: 'v1', name: 'Renamed', query: { search: 'x' } },
  'views.duplicate': { id: 'v1', name: 'Copy' },
  'views.delete': { id: 'v1' },
  'views.reorder': { ids: ['v1', 'v2'] },
  'views.counts': {},
  'outbox.retry': { ids: [1, 2] },
  'outbox.discard': { ids: [3] },
  'demo.start': {},
  'demo.remove': {},
  'demo.status': {},
  'export.start': {
    scope: {
      query: { filters: { status: ['OPEN'] }, search: 'ana', sort: [{ column: 'name', dir: 'asc' }] },
      selection: { kind: 'ids', ids: [1, 2] }
    },
    columns: ['name', 'email', 'attribute:plan'],
    options: { format: 'excel', delimiter: ';', guard: true },
    target: 'download',
    fileName: 'leads.csv'
  },
  'export.cancel': { exportId: 'e1' },
  'export.status': { exportId: 'e1' },
  'export.attributeKeys': { query: { filters: { connection: ['c1'] } } },
  'export.presets': {},
  'export.savePreset': {
    name: 'Weekly',
    columns: ['name'],
    options: { format: 'plain', delimiter: '\t', guard: false }
  },
  'export.deletePreset': { name: 'Weekly' },
  'imports.open': { uploadId: 'u1' },
  'imports.configure': { sessionId: 's1', encoding: 'windows-1252', delimiter: ';', headerRow: 2 },
  'imports.analyze': {
    sessionId: 's1',
    mapping: [{ column: 0, target: 'email' }],
    options: {
      mode: 'both',
      connectionId: 'c1',
      matchBy: { remoteId: true, email: true, phone: false },
      defaultCountry: 'US',
      dateOrder: 'day-first',
      verbatim: false,
      emptyClears: false
    }
  },
  'imports.rows': { sessionId: 's1', onlyProblems: true, offset: 0, limit: 50 },
  'imports.fix': { sessionId: 's1', row: 2, column: 0, value: 'ana@example.com' },
  'imports.skip': { sessionId: 's1', row: 2, skip: true },
  'imports.rejected': { sessionId: 's1' },
  'imports.commit': { sessionId: 's1' },
  'imports.cancel': { sessionId: 's1' },
  'imports.close': { sessionId: 's1' },
  'imports.history': {},
  'imports.revert': { importId: 1 },
  'imports.push': { importId: 1, connectionId: 'c1' },
  'imports.presets': {},
  'imports.savePreset': {
    sessionId: 's1',
    name: 'HubSpot contacts',
    mapping: [{ column: 1, target: 'attribute' }],
    options: {
      mode: 'update',
      connectionId: 'c1',
      matchBy: { remoteId: false, email: true, phone: true },
      defaultCountry: null,
      dateOrder: 'auto',
      verbatim: true,
      emptyClears: true
    }
  },
  'imports.deletePreset': { id: 1 },
  'bulk.preview': {
    selection: { kind: 'query', query: { filters: { status: ['OPEN'] } }, except: [3] },
    action: { kind: 'addTags', tags: ['vip'] }
  },
  'bulk.apply': {
    jobId: 'job-12345678',
    selection: { kind: 'ids', ids: [1, 2] },
    action: { kind: 'setAttribute', key: 'region', value: 'north' }
  },
  'bulk.cancel': { jobId: 'job-12345678' },
  'bulk.history': {},
  'bulk.undo': { id: 1, force: true },
  'dashboard.summary': {
    query: { filters: { status: ['OPEN'], tags: { mode: 'all', values: ['vip'] } }, search: 'ana' },
    range: { from: '2026-01-01T00:00:00.000Z' },
    interval: 'week',
    stackBy: 'connection'
  }
}

// What each method must refuse when it is missing.
const REQUIRED: { [M in MethodName]: string[] } = {
  'app.info': [],
  'settings.get': [],
  'settings.update': ['syncIntervalMinutes'],
  'connections.list': [],
  'connections.create': ['platform', 'brand', 'name', 'token'],
  'connections.update': ['id'],
  'connections.test': ['draft'],
  'connections.remove': ['id', 'deleteData'],
  'sync.run': [],
  'sync.cancel': [],
  'sync.status': [],
  'leads.list': [],
  'leads.get': ['id'],
  'leads.detail': ['id'],
  'leads.conversations': ['id'],
  'leads.update': ['ids', 'patch'],
  'leads.promote': ['id', 'name'],
  'outbox.list': [],
  'outbox.resolve': ['id', 'choices'],
  'leads.query': ['query', 'window', 'limit'],
  'leads.count': ['query'],
  'leads.facets': ['field', 'prefix', 'limit'],
  'views.list': [],
  'views.create': ['name', 'query'],
  'views.update': ['id'],
  'views.duplicate': ['id'],
  'views.delete': ['id'],
  'views.reorder': ['ids'],
  'views.counts': [],
  'outbox.retry': ['ids'],
  'outbox.discard': ['ids'],
  'demo.start': [],
  'demo.remove': [],
  'demo.status': [],
  'export.start': ['scope', 'columns', 'options', 'target', 'fileName'],
  'export.cancel': ['exportId'],
  'export.status': ['exportId'],
  'export.attributeKeys': ['query'],
  'export.presets': [],
  'export.savePreset': ['name', 'columns', 'options'],
  'export.deletePreset': ['name'],
  'imports.open': ['uploadId'],
  'imports.configure': ['sessionId'],
  'imports.analyze': ['sessionId', 'mapping', 'options'],
  'imports.rows': ['sessionId', 'onlyProblems', 'offset', 'limit'],
  'imports.fix': ['sessionId', 'row', 'column', 'value'],
  'imports.skip': ['sessionId', 'row', 'skip'],
  'imports.rejected': ['sessionId'],
  'imports.commit': ['sessionId'],
  'imports.cancel': ['sessionId'],
  'imports.close': ['sessionId'],
  'imports.history': [],
  'imports.revert': ['importId'],
  'imports.push': ['importId'],
  'imports.presets': [],
  'imports.savePreset': ['sessionId', 'name', 'mapping', 'options'],
  'imports.deletePreset': ['id'],
  'bulk.preview': ['selection', 'action'],
  'bulk.apply': ['jobId', 'selection', 'action'],
  'bulk.cancel': ['jobId'],
  'bulk.history': [],
  'bulk.undo': ['id'],
  'dashboard.summary': ['query']
}

type Path = (string | number)[]
function leaves(value: unknown, path: Path = []): { path: Path; value: unknown }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]))
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]))
  return [{ path, value }]
}
function withValue(input: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(input) as Record<string | number, unknown>
  let node = copy
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>
  node[path[path.length - 1]!] = value
  return copy
}
function wrongTypeFor(value: unknown): unknown {
  if (typeof value === 'string') return 12345
  if (typeof value === 'number') return '12'
  if (typeof value === 'boolean') return 'yes'
  return 'wrong'
}

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
})
afterAll(() => app.dispose())

async function expectRejected(method: string, input: unknown, mention?: string): Promise<void> {
  const reply = await app.dispatch(method, input)
  expect(reply.ok, `${method} accepted ${JSON.stringify(input).slice(0, 200)}`).toBe(false)
  if (reply.ok) return
  expect(Object.keys(reply.error).sort()).toEqual(['code', 'message'])
  expect(reply.error.code).toBe('INVALID_INPUT')
  expect(reply.error.message).toContain(method)
  expect(reply.error.message).not.toMatch(/\n\s+at /) // no stack trace
  if (mention) expect(reply.error.message).toContain(mention)
}

describe.each(Object.keys(contract) as MethodName[])('%s', (method) => {
  const sample = VALID[method]

  it('accepts its valid sample', () => {
    expect(contract[method].input.safeParse(sample).success).toBe(true)
  })

  it('rejects input of the wrong type', async () => {
    for (const input of [42, 'text', [], null, true]) await expectRejected(method, input)
  })

  it('rejects unknown fields', async () => {
    await expectRejected(method, { ...sample, unexpectedField: 1 })
  })

  it('rejects each required field missing', async () => {
    for (const key of REQUIRED[method]) {
      const input = { ...(sample as Record<string, unknown>) }
      delete input[key]
      await expectRejected(method, input, key)
    }
  })

  it('rejects a wrong type in every field', async () => {
    for (const leaf of leaves(sample)) {
      await expectRejected(method, withValue(sample, leaf.path, wrongTypeFor(leaf.value)), String(leaf.path[0]))
    }
  })

  it('rejects oversize strings in every string field', async () => {
    const strings = leaves(sample).filter((l) => typeof l.value === 'string')
    for (const leaf of strings) {
      await expectRejected(method, withValue(sample, leaf.path, 'x'.repeat(200_000)), String(leaf.path[0]))
    }
  })
})

describe('the router', () => {
  it('rejects unknown method names with a clear error', async () => {
    for (const name of ['leads.drop', '__proto__', 'constructor', 'toString', '', 42, null]) {
      const reply = await app.dispatch(name, {})
      expect(reply).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } })
      if (!reply.ok) expect(reply.error.message).toMatch(/no method named/)
    }
  })

  it('rejects oversize lists', async () => {
    const ids = Array.from({ length: 100_001 }, (_, i) => i + 1)
    await expectRejected('leads.update', { ids, patch: { status: 'OPEN' } }, 'ids')
    await expectRejected('leads.update', { ids: [1], patch: { tags: Array.from({ length: 201 }, () => 't') } }, 'patch')
  })

  it('rejects values outside their range or enum', async () => {
    await expectRejected('leads.update', { ids: [1], patch: { status: 'WON' } }, 'status')
    await expectRejected('leads.update', { ids: [1], patch: {} }, 'patch')
    await expectRejected('leads.list', { limit: 100_000 }, 'limit')
    await expectRejected('settings.update', { syncIntervalMinutes: -1 }, 'syncIntervalMinutes')
    await expectRejected(
      'connections.create',
      { ...VALID['connections.create'], baseUrl: 'file:///etc/passwd' },
      'baseUrl'
    )
  })

  it('answers domain failures as {code, message} without internals', async () => {
    const reply = await app.dispatch('leads.get', { id: 987654 })
    expect(reply).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'There is no lead with id 987654.' } })
  })
})

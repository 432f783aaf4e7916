import { inspect } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ProviderError } from '../../src/main/providers/connector'
import { endpoint, parseRetryAfter, requestJson, type JsonRequest } from '../../src/main/providers/http'
import { sendJson, startLocalServer, type LocalServer } from './helpers/local-server'

const TOKEN = 'tok-3f9a1c77e2b8-secret'
const okSchema = z.object({ success: z.literal(true), data: z.array(z.number()) })

let server: LocalServer

beforeAll(async () => {
  server = await startLocalServer((req, res) => {
    switch (req.parsedUrl.pathname) {
      case '/ok':
        return sendJson(res, 200, { success: true, data: [1, 2, 3] })
      case '/echo-body':
        return sendJson(res, 200, { success: true, data: [JSON.parse(req.body).n] })
      case '/401':
        return sendJson(res, 401, { success: false, message: `token ${TOKEN} is not valid`, code: 401 })
      case '/403':
        return sendJson(res, 403, {
          timestamp: 'x',
          status: { code: 403, type: 'error', message: 'Forbidden for this bot' }
        })
      case '/429':
        return sendJson(res, 429, { message: 'slow down' }, { 'retry-after': '7' })
      case '/429-date':
        return sendJson(res, 429, {}, { 'retry-after': 'Fri, 01 Jan 2100 00:00:00 GMT' })
      case '/500':
        return sendJson(res, 500, { success: false, message: 'database down', code: 500 })
      case '/502-html':
        res.writeHead(502, { 'content-type': 'text/html' })
        return void res.end('<html>Bad gateway</html>')
      case '/400':
        return sendJson(res, 400, { message: 'status must be one of OPEN, …' })
      case '/404':
        return sendJson(res, 404, { message: 'agent not found' })
      case '/not-json':
        res.writeHead(200, { 'content-type': 'application/json' })
        return void res.end('{"success":true,"data":[1,2')
      case '/wrong-shape':
        return sendJson(res, 200, { success: true, data: ['one'] })
      case '/truncated': {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' })
        res.write('{"success":true,"data":[1,2,3,')
        setTimeout(() => res.socket?.destroy(), 20)
        return
      }
      case '/redirect':
        res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' })
        return void res.end()
      case '/never':
        return // no answer at all
      default:
        return sendJson(res, 418, {})
    }
  })
})
afterAll(() => server.close())

function get(
  path: string,
  extra: Partial<JsonRequest<z.infer<typeof okSchema>>> = {}
): Promise<z.infer<typeof okSchema>> {
  return requestJson({
    method: 'GET',
    url: new URL(path, server.url),
    auth: { header: 'x-bot-token', token: TOKEN, origin: new URL(server.url).origin },
    schema: okSchema,
    signal: new AbortController().signal,
    ...extra
  })
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught
  )
  expect(error).toBeInstanceOf(ProviderError)
  const providerError = error as ProviderError
  // The token never leaves in anything an error carries.
  expect(providerError.message).not.toContain(TOKEN)
  expect(inspect(providerError, { depth: 5 })).not.toContain(TOKEN)
  expect(JSON.stringify(providerError)).not.toContain(TOKEN)
  return providerError
}

describe('requestJson', () => {
  it('sends the token header and returns the validated body', async () => {
    await expect(get('/ok')).resolves.toEqual({ success: true, data: [1, 2, 3] })
    const last = server.requests.at(-1)
    expect(last?.headers['x-bot-token']).toBe(TOKEN)
  })

  it('sends a JSON body', async () => {
    await expect(get('/echo-body', { method: 'PUT', body: { n: 42 } })).resolves.toEqual({ success: true, data: [42] })
    expect(server.requests.at(-1)?.headers['content-type']).toBe('application/json')
  })

  it('prefixes a Bearer scheme without leaking the token', async () => {
    await get('/ok', {
      auth: { header: 'authorization', scheme: 'Bearer', token: TOKEN, origin: new URL(server.url).origin }
    })
    expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN}`)
    const error = await failure(
      get('/401', {
        auth: { header: 'authorization', scheme: 'Bearer', token: TOKEN, origin: new URL(server.url).origin }
      })
    )
    expect(error.message).toContain('[token]')
  })

  it('401 → unauthorized with the platform message, scrubbed of the token', async () => {
    const error = await failure(get('/401'))
    expect(error.kind).toBe('unauthorized')
    expect(error.status).toBe(401)
    expect(error.message).toBe('The token was refused (401): token [token] is not valid')
    expect(error.retryable).toBe(false)
  })

  it('403 → unauthorized, reading ChatBot.com status.message', async () => {
    const error = await failure(get('/403'))
    expect(error.kind).toBe('unauthorized')
    expect(error.message).toBe('The token was refused (403): Forbidden for this bot')
  })

  it('429 → rate-limited with Retry-After in seconds', async () => {
    const error = await failure(get('/429'))
    expect(error.kind).toBe('rate-limited')
    expect(error.retryAfterSeconds).toBe(7)
    expect(error.retryable).toBe(true)
  })

  it('429 → rate-limited with Retry-After as an HTTP-date', async () => {
    const error = await failure(get('/429-date'))
    expect(error.kind).toBe('rate-limited')
    // The exact arithmetic is parseRetryAfter's test (with a fixed clock); here, that the date form is read at all.
    expect(error.retryAfterSeconds).toBeGreaterThan(365 * 24 * 3600)
  })

  it('5xx → server, with or without a JSON body', async () => {
    const error = await failure(get('/500'))
    expect(error.kind).toBe('server')
    expect(error.message).toBe('The server answered 500: database down')
    const html = await failure(get('/502-html'))
    expect(html.kind).toBe('server')
    expect(html.message).toBe('The server answered 502')
  })

  it('400 → bad-request, 404 → not-found (custom wording), other 4xx → bad-request', async () => {
    expect((await failure(get('/400'))).kind).toBe('bad-request')
    const notFound = await failure(get('/404', { notFoundMessage: 'Chatzuri does not know agent X (404)' }))
    expect(notFound.kind).toBe('not-found')
    expect(notFound.message).toBe('Chatzuri does not know agent X (404)')
    expect((await failure(get('/teapot'))).kind).toBe('bad-request')
  })

  it('invalid JSON and a body that fails the schema → malformed', async () => {
    const notJson = await failure(get('/not-json'))
    expect(notJson.kind).toBe('malformed')
    const wrong = await failure(get('/wrong-shape'))
    expect(wrong.kind).toBe('malformed')
    expect(wrong.message).toContain('data.0')
  })

  it('a body cut off before its Content-Length → network, never a partial page', async () => {
    const error = await failure(get('/truncated'))
    expect(error.kind).toBe('network')
    expect(error.message).toMatch(
      /^Could not reach http:\/\/127\.0\.0\.1:\d+: the connection closed before the answer was complete$/
    )
  })

  it('connection refused → network, naming the address', async () => {
    const closed = await startLocalServer(() => undefined)
    const url = closed.url
    await closed.close()
    const error = await failure(
      requestJson({
        method: 'GET',
        url: new URL('/ok', url),
        auth: { header: 'x', token: TOKEN, origin: new URL(url).origin },
        schema: okSchema,
        signal: new AbortController().signal
      })
    )
    expect(error.kind).toBe('network')
    expect(error.message).toBe(`Could not reach ${url}: connection refused`)
  })

  it('no answer within the timeout → network', async () => {
    const error = await failure(get('/never', { timeoutMs: 150 }))
    expect(error.kind).toBe('network')
    expect(error.message).toBe(`Could not reach ${server.url}: no answer within 0.15 s`)
  })

  it("the caller's abort is thrown as-is, not classified", async () => {
    const controller = new AbortController()
    const pending = get('/never', { signal: controller.signal })
    controller.abort(new Error('user cancelled'))
    await expect(pending).rejects.toThrow('user cancelled')
    await expect(pending).rejects.not.toBeInstanceOf(ProviderError)
  })

  it('does not follow redirects (they would carry the token elsewhere)', async () => {
    const error = await failure(get('/redirect'))
    expect(error.kind).toBe('bad-request')
    expect(error.message).toContain('redirected')
  })
})

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-05-01T12:00:00.000Z')
  it.each([
    ['7', 7],
    [' 120 ', 120],
    ['0', 0],
    ['1.5', 2],
    ['Wed, 01 May 2024 12:00:30 GMT', 30],
    ['Wed, 01 May 2024 11:00:00 GMT', 0],
    ['soon', null],
    ['-5', null],
    ['', null]
  ])('%j → %j', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected)
  })
  it('absent → null', () => expect(parseRetryAfter(null, now)).toBeNull())
})

describe('endpoint', () => {
  it('keeps a base path and encodes the query', () => {
    expect(
      endpoint('http://h:1/express/', '/inbox/direct/chats', { 'sort[field]': 'createdAt', q: 'a b' }).toString()
    ).toBe('http://h:1/express/inbox/direct/chats?sort%5Bfield%5D=createdAt&q=a+b')
    expect(endpoint('https://api.chatbot.com', '/users').toString()).toBe('https://api.chatbot.com/users')
  })
})

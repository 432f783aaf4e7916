import { randomBytes } from 'node:crypto'
import { expect, it } from 'vitest'
import { scrubToken } from '../../src/main/secrets/scrub'

it('masks a token inside longer base64 at every alignment, in both alphabets', () => {
  for (let i = 0; i < 200; i++) {
    const token = randomBytes(12 + (i % 20)).toString('base64url')
    const prefix = randomBytes(i % 7)
    const suffix = randomBytes(i % 5)
    const blob = Buffer.concat([prefix, Buffer.from(token), suffix])
    for (const encoded of [blob.toString('base64'), blob.toString('base64url')]) {
      const scrubbed = scrubToken(`seen ${encoded} here`, token)
      expect(scrubbed).toContain('[token]')
      // What is left decodes to at most a couple of the token's bytes: never a run of 4.
      const left = scrubbed.replace('seen ', '').replace(' here', '').split('[token]')
      for (const part of left) {
        const decoded = Buffer.from(part.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1')
        for (let start = 0; start + 4 <= token.length; start++) {
          expect(decoded).not.toContain(token.slice(start, start + 4))
        }
      }
    }
  }
})

it('masks the token as-is, URL-encoded, JSON-escaped and in hex, and any bearer credential', () => {
  const token = 'a/b+c=d"e~f'
  const text = [
    token,
    encodeURIComponent(token),
    JSON.stringify(token),
    Buffer.from(token).toString('hex'),
    Buffer.from(token).toString('hex').toUpperCase(),
    'Bearer someone-elses-credential'
  ].join(' | ')
  const scrubbed = scrubToken(text, token)
  expect(scrubbed).toBe('[token] | [token] | "[token]" | [token] | [token] | Bearer [redacted]')
})

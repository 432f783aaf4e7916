/**
 * The spellings of a token a platform might echo back: as-is, URL- and JSON-escaped, hex, and
 * base64/base64url — also inside a longer base64 string (e.g. `user:token` in Basic auth), where
 * it starts at any of three bit offsets, so the characters that encode the token alone are matched.
 */
export function tokenForms(token: string): string[] {
  const bytes = Buffer.from(token, 'utf8')
  const forms = new Set<string>([
    token,
    encodeURIComponent(token),
    JSON.stringify(token).slice(1, -1),
    bytes.toString('hex'),
    bytes.toString('hex').toUpperCase()
  ])
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64')
    // Characters that the leading filler or the trailing padding bits also feed into are left out.
    const core = encoded.slice(Math.ceil((8 * shift) / 6), Math.floor((8 * (shift + bytes.length)) / 6))
    forms.add(core)
    forms.add(core.replace(/\+/g, '-').replace(/\//g, '_'))
    forms.add(encodeURIComponent(core))
  }
  // Longest first, so a spelling that contains another is replaced whole.
  return [...forms].filter((form) => form.length >= 4).sort((a, b) => b.length - a.length)
}

// Any bearer credential, ours or not: what follows "Bearer " up to a space, quote or separator.
const BEARER = /\b(Bearer\s+)(?!\[token\])[^\s"',;)]+/gi

/** `text` with every spelling of `token`, and any bearer credential, masked. */
export function scrubToken(text: string, token: string): string {
  let scrubbed = text
  if (token.length >= 4) {
    for (const form of tokenForms(token)) scrubbed = scrubbed.split(form).join('[token]')
  }
  return scrubbed.replace(BEARER, '$1[redacted]')
}

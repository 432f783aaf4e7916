/*
 * Practical e-mail syntax, as mail forms check it: one @, a local part without spaces or the
 * characters that need quoting, a domain of dot-separated labels ending in a TLD of 2+ letters.
 * Unicode letters are allowed in both parts (internationalised addresses).
 */
const LOCAL = /^[^\s@"(),:;<>[\]\\]+$/u
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u
const TLD = /^(?:[\p{L}]{2,63}|xn--[a-z0-9-]{2,59})$/iu

export function emailProblem(text: string): string | null {
  const at = text.lastIndexOf('@')
  if (at < 0) return 'is not an e-mail address: it has no @'
  if (/[\s,;]/.test(text) && text.split(/[\s,;]+/).filter((part) => part.includes('@')).length > 1)
    return 'holds more than one e-mail address; keep one per cell'
  const local = text.slice(0, at)
  const domain = text.slice(at + 1)
  if (local.length === 0 || local.length > 64 || !LOCAL.test(local))
    return 'is not an e-mail address (the part before @)'
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..'))
    return 'is not an e-mail address (a dot out of place before @)'
  const labels = domain.split('.')
  if (labels.length < 2 || domain.length > 253) return 'is not an e-mail address (the domain after @)'
  if (!labels.slice(0, -1).every((label) => LABEL.test(label)) || !TLD.test(labels[labels.length - 1]!))
    return 'is not an e-mail address (the domain after @)'
  return null
}

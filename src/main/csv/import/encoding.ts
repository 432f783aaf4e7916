import chardet from 'chardet'
import iconv from 'iconv-lite'
import type { ImportEncoding } from '../../../shared/contract'
import { ImportFileError } from './errors'

export interface DetectedEncoding {
  encoding: ImportEncoding
  source: 'bom' | 'detected'
  /** Bytes of byte-order mark at the start of the file. */
  bomLength: number
  warning: string | null
}

const BOMS: readonly { bytes: readonly number[]; encoding: ImportEncoding }[] = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' }
]

/** Files people pick by mistake, by their first bytes. */
const MAGIC: readonly { bytes: readonly number[]; what: string }[] = [
  {
    bytes: [0x50, 0x4b, 0x03, 0x04],
    what: 'a ZIP archive (an Excel .xlsx or OpenDocument file is one): save it as CSV first'
  },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel (.xls) or Office file: save it as CSV first' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive: unpack it first' },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], what: 'an SQLite database' }
]

const startsWith = (sample: Uint8Array, bytes: readonly number[]): boolean =>
  sample.length >= bytes.length && bytes.every((b, i) => sample[i] === b)

/** The name iconv-lite knows an encoding by. */
export function iconvName(encoding: ImportEncoding): string {
  return encoding === 'iso-8859-1' ? 'latin1' : encoding
}

/**
 * The first invalid UTF-8 sequence in `bytes`, or -1. A sequence cut off by the end of `bytes` is
 * not invalid when `partialEndOk` (the sample stops mid-file).
 */
export function invalidUtf8At(bytes: Uint8Array, partialEndOk: boolean): number {
  let i = 0
  const n = bytes.length
  while (i < n) {
    const b = bytes[i]!
    if (b < 0x80) {
      i++
      continue
    }
    let need: number
    let min: number
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80]
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800]
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000]
    else return i
    let code = b & (0x3f >> need)
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return partialEndOk ? -1 : i
      const c = bytes[i + k]!
      if ((c & 0xc0) !== 0x80) return i
      code = (code << 6) | (c & 0x3f)
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i
    i += need + 1
  }
  return -1
}

/** UTF-16 without a BOM shows as a NUL in every other byte of ASCII text; chardet does not look for it. */
function utf16ByNuls(sample: Uint8Array): ImportEncoding | null {
  const pairs = Math.floor(Math.min(sample.length, 8192) / 2)
  if (pairs < 2) return null
  let evenNul = 0
  let oddNul = 0
  for (let i = 0; i < pairs; i++) {
    if (sample[2 * i] === 0) evenNul++
    if (sample[2 * i + 1] === 0) oddNul++
  }
  if (oddNul > pairs * 0.3 && evenNul < pairs * 0.05) return 'utf-16le'
  if (evenNul > pairs * 0.3 && oddNul < pairs * 0.05) return 'utf-16be'
  return null
}

/** C0 control characters other than tab, CR, LF and form feed: text files have none. */
function controlCount(text: string): number {
  let count = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) count++
  }
  return count
}

/**
 * Which encoding the file's first bytes are in: a BOM decides; then UTF-16 by its NUL pattern;
 * then strict UTF-8; then chardet among the single-byte encodings. Throws ImportFileError for
 * binary and undecodable files, with what the user can do.
 */
export function detectEncoding(sample: Uint8Array, wholeFile: boolean): DetectedEncoding {
  if (sample.length === 0) throw new ImportFileError('EMPTY', 'The file is empty.')
  for (const bom of BOMS) {
    if (startsWith(sample, bom.bytes))
      return { encoding: bom.encoding, source: 'bom', bomLength: bom.bytes.length, warning: null }
  }
  for (const magic of MAGIC) {
    if (startsWith(sample, magic.bytes))
      throw new ImportFileError('BINARY', `This is not a CSV file: it is ${magic.what}.`)
  }
  const utf16 = utf16ByNuls(sample)
  if (utf16) return { encoding: utf16, source: 'detected', bomLength: 0, warning: null }
  const nul = sample.indexOf(0)
  if (nul >= 0) {
    throw new ImportFileError(
      'BINARY',
      `This is not a text file: it holds a zero byte at offset ${nul}, as images, archives and programs do.`
    )
  }
  const bad = invalidUtf8At(sample, !wholeFile)
  if (bad < 0) {
    const text = new TextDecoder('utf-8').decode(sample)
    if (controlCount(text) > Math.max(2, text.length * 0.01)) {
      throw new ImportFileError('BINARY', 'This is not a text file: it is full of control characters.')
    }
    return { encoding: 'utf-8', source: 'detected', bomLength: 0, warning: null }
  }
  // Not UTF-8: a single-byte encoding, most often Windows-1252 (Excel's "CSV" on Western Windows).
  const candidates = chardet.analyse(sample)
  const top = candidates[0]
  const known = (name: string): ImportEncoding | null => {
    const lower = name.toLowerCase()
    if (lower === 'iso-8859-1' || lower === 'windows-1252') return 'windows-1252'
    const found = (
      ['iso-8859-15', 'windows-1250', 'windows-1251', 'shift_jis', 'gb18030', 'big5', 'euc-kr'] as const
    ).find((e) => e === lower)
    return found ?? null
  }
  const other = top && top.confidence >= 50 ? known(top.name) : null
  if (other && other !== 'windows-1252') {
    return {
      encoding: other,
      source: 'detected',
      bomLength: 0,
      warning: `The file is not UTF-8; it reads as ${other}. Choose another encoding if the names look wrong.`
    }
  }
  const text = iconv.decode(Buffer.from(sample), 'windows-1252')
  const undefinedByte = text.indexOf('\ufffd')
  if (undefinedByte >= 0 || controlCount(text) > 2) {
    throw new ImportFileError(
      'UNDECODABLE',
      `This file is not UTF-8, UTF-16 or Windows-1252 text (byte ${bad} is not valid UTF-8, and the bytes do not read as ` +
        'Windows-1252 either). Save it again as "CSV UTF-8", or choose its encoding.'
    )
  }
  return {
    encoding: 'windows-1252',
    source: 'detected',
    bomLength: 0,
    warning: null
  }
}

/** A streaming decoder that refuses bytes the encoding cannot hold, saying where they are. */
export interface TextDecoderLike {
  write(chunk: Buffer): string
  end(): string
}

export function createDecoder(encoding: ImportEncoding, startOffset: number): TextDecoderLike {
  let offset = startOffset
  if (encoding === 'utf-8') {
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })
    let carry: Buffer = Buffer.alloc(0)
    return {
      write(chunk) {
        try {
          const text = decoder.decode(chunk, { stream: true })
          offset += chunk.length
          carry = chunk.subarray(Math.max(0, chunk.length - 3))
          return text
        } catch {
          const bytes = Buffer.concat([carry, chunk])
          const at = invalidUtf8At(bytes, true)
          throw undecodable('UTF-8', offset - carry.length + Math.max(0, at))
        }
      },
      end() {
        try {
          return decoder.decode()
        } catch {
          throw new ImportFileError(
            'UNDECODABLE',
            'The file ends in the middle of a UTF-8 character: it was cut short.'
          )
        }
      }
    }
  }
  const decoder = iconv.getDecoder(iconvName(encoding))
  const wide = encoding === 'utf-16le' || encoding === 'utf-16be'
  return {
    write(chunk) {
      const text = decoder.write(chunk)
      const bad = text.indexOf('\ufffd')
      // Windows-1252 leaves five bytes undefined; iconv-lite turns them into U+FFFD.
      if (bad >= 0 && !wide) throw undecodable(encoding, offset + bad)
      offset += chunk.length
      return text
    },
    end() {
      if (wide && offset % 2 !== 0) {
        throw new ImportFileError('UNDECODABLE', 'The file ends in the middle of a UTF-16 character: it was cut short.')
      }
      return decoder.end() ?? ''
    }
  }
}

function undecodable(encoding: string, offset: number): ImportFileError {
  return new ImportFileError(
    'UNDECODABLE',
    `The file is not valid ${encoding}: the bytes at offset ${offset.toLocaleString('en')} cannot be read in it. ` +
      'Choose another encoding, or save the file again as "CSV UTF-8".'
  )
}

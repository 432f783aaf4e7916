/**
 * Hostile cell values, each with the exact cell the export must write for it: comma-delimited,
 * with the formula guard on (`guarded`) and off (`raw`, the re-import option).
 */
export interface HostileValue {
  label: string
  value: string | null
  guarded: string
  raw: string
}

const TRIGGERS: [string, string][] = [
  ['=', 'equals'],
  ['+', 'plus'],
  ['-', 'minus'],
  ['@', 'at'],
  ['\t', 'tab'],
  ['\r', 'CR'],
  ['\n', 'LF'],
  ['\uFF1D', 'full-width equals'],
  ['\uFF0B', 'full-width plus'],
  ['\uFF0D', 'full-width minus'],
  ['\uFF20', 'full-width at']
]

/** What a raw (unguarded) cell holding `text` looks like: quoted, quotes doubled. */
function plainCell(text: string): string {
  return `"${text.replace(/"/g, '""')}"`
}

function triggerCases(): HostileValue[] {
  return TRIGGERS.flatMap(([t, name]) => [
    { label: `${name} alone`, value: t, guarded: `"'${t}"`, raw: plainCell(t) },
    {
      label: `${name} starting a DDE payload`,
      value: `${t}cmd|' /C calc'!A0`,
      guarded: `"'${t}cmd|' /C calc'!A0"`,
      raw: plainCell(`${t}cmd|' /C calc'!A0`)
    },
    { label: `${name} after spaces`, value: `   ${t}1+1`, guarded: `"'   ${t}1+1"`, raw: plainCell(`   ${t}1+1`) },
    {
      label: `${name} after a line break`,
      value: `\n${t}HYPERLINK("http://evil.example","x")`,
      guarded: `"'\n${t}HYPERLINK(""http://evil.example"",""x"")"`,
      raw: `"\n${t}HYPERLINK(""http://evil.example"",""x"")"`
    },
    {
      label: `${name} starting a multi-line cell`,
      value: `${t}1+1\nsecond line`,
      guarded: `"'${t}1+1\nsecond line"`,
      raw: `"${t}1+1\nsecond line"`
    },
    {
      label: `${name} after an ideographic space and a no-break space`,
      value: `\u3000\u00A0${t}1`,
      guarded: `"'\u3000\u00A0${t}1"`,
      raw: plainCell(`\u3000\u00A0${t}1`)
    }
  ])
}

export const HOSTILE: HostileValue[] = [
  ...triggerCases(),
  // A trigger that is not first: the cell is text to every spreadsheet, so it stays as it is.
  { label: 'a formula on the second line', value: 'hello\n=1+1', guarded: '"hello\n=1+1"', raw: '"hello\n=1+1"' },
  { label: 'a minus inside', value: 'Jean-Luc', guarded: '"Jean-Luc"', raw: '"Jean-Luc"' },
  { label: 'an email', value: 'ana+vip@example.com', guarded: '"ana+vip@example.com"', raw: '"ana+vip@example.com"' },
  // Phone numbers: Excel reads "+1-555-0100" as arithmetic and "+15550100" as a number; guarded, they read as written.
  { label: 'a phone with a plus', value: '+1 555 123 4567', guarded: `"'+1 555 123 4567"`, raw: '"+1 555 123 4567"' },
  { label: 'a phone with dashes', value: '+1-555-0100', guarded: `"'+1-555-0100"`, raw: '"+1-555-0100"' },
  { label: 'a phone as digits', value: '+15551234567', guarded: `"'+15551234567"`, raw: '"+15551234567"' },
  { label: 'a phone without a plus', value: '555 123 4567', guarded: '"555 123 4567"', raw: '"555 123 4567"' },
  { label: 'a negative number', value: '-5', guarded: `"'-5"`, raw: '"-5"' },
  // Apostrophes: one more before anything that would read as guarded, so reading back is exact.
  { label: 'an apostrophe, then a formula', value: "'=1+1", guarded: `"''=1+1"`, raw: `"''=1+1"` },
  { label: 'two apostrophes, then a formula', value: "''@x", guarded: `"'''@x"`, raw: `"'''@x"` },
  { label: 'an apostrophe, a space, a formula', value: "' =x", guarded: `"'' =x"`, raw: `"'' =x"` },
  { label: 'an apostrophe before a word', value: "'tis", guarded: `"'tis"`, raw: `"'tis"` },
  { label: 'a space before an apostrophe', value: " '=x", guarded: `" '=x"`, raw: `" '=x"` },
  // Quotes, delimiters and line breaks.
  {
    label: 'quotes',
    value: 'He said "hi", twice: ""',
    guarded: '"He said ""hi"", twice: """""',
    raw: '"He said ""hi"", twice: """""'
  },
  { label: 'a lone quote', value: '"', guarded: '""""', raw: '""""' },
  { label: 'a comma', value: 'Smith, Ana', guarded: '"Smith, Ana"', raw: '"Smith, Ana"' },
  { label: 'a semicolon', value: 'a;b', guarded: '"a;b"', raw: '"a;b"' },
  { label: 'a tab inside', value: 'a\tb', guarded: '"a\tb"', raw: '"a\tb"' },
  { label: 'CRLF inside', value: 'line 1\r\nline 2', guarded: '"line 1\r\nline 2"', raw: '"line 1\r\nline 2"' },
  { label: 'a trailing LF', value: 'end\n', guarded: '"end\n"', raw: '"end\n"' },
  // Scripts and emoji, including right-to-left text that starts with a trigger.
  { label: 'Arabic', value: 'مرحبا بالعالم، أهلاً', guarded: '"مرحبا بالعالم، أهلاً"', raw: '"مرحبا بالعالم، أهلاً"' },
  { label: 'Arabic after an equals sign', value: '=مرحبا', guarded: `"'=مرحبا"`, raw: '"=مرحبا"' },
  { label: 'Devanagari', value: 'नमस्ते दुनिया', guarded: '"नमस्ते दुनिया"', raw: '"नमस्ते दुनिया"' },
  { label: 'CJK with a full-width comma', value: '你好，世界', guarded: '"你好，世界"', raw: '"你好，世界"' },
  { label: 'Japanese', value: 'こんにちは「世界」', guarded: '"こんにちは「世界」"', raw: '"こんにちは「世界」"' },
  { label: 'emoji', value: '👩🏽‍💻 lead 🚀', guarded: '"👩🏽‍💻 lead 🚀"', raw: '"👩🏽‍💻 lead 🚀"' },
  { label: 'an emoji first', value: '🚀=1', guarded: '"🚀=1"', raw: '"🚀=1"' },
  // Nothing at all.
  { label: 'empty', value: '', guarded: '', raw: '' },
  { label: 'null', value: null, guarded: '', raw: '' },
  { label: 'spaces only', value: '   ', guarded: '"   "', raw: '"   "' }
]

/** One megabyte of text with a quote, a comma and line breaks in it, starting with a trigger. */
export function megabyteNote(): string {
  const line = 'Called back, "maybe" next week;\tpromised a quote.\n'
  return `=${line.repeat(Math.ceil(2 ** 20 / line.length))}`.slice(0, 2 ** 20)
}

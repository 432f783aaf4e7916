// Part of the "format" gate: colours live in src/renderer/src/styles/tokens.css only. Anywhere else in the
// renderer, a hex colour or an rgb()/hsl() literal is an error; use a token (var(--name)) instead.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const renderer = join(root, 'src', 'renderer')
const TOKENS = join(renderer, 'src', 'styles', 'tokens.css')
const HEX = /#[0-9a-fA-F]{3,8}\b/g
const FUNCTION = /\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch)\(\s*[\d.]/g

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* files(path)
    else if (/\.(css|tsx?|html)$/.test(entry.name) && path !== TOKENS) yield path
  }
}

/** Comments blanked out, line breaks kept, so line numbers still match. */
function withoutComments(text) {
  const blank = (match) => match.replace(/[^\n]/g, ' ')
  return text.replace(/\/\*[\s\S]*?\*\//g, blank).replace(/(^|[^:])\/\/[^\n]*/g, blank)
}

/** [line, colour] for each raw colour: in CSS, inside declaration values; elsewhere, inside string literals. */
function rawColours(path, text) {
  const found = []
  const lineOf = (index) => text.slice(0, index).split('\n').length
  const scan = (chunk, offset, patterns) => {
    for (const pattern of patterns)
      for (const match of chunk.matchAll(pattern)) found.push([lineOf(offset + match.index), match[0]])
  }
  if (path.endsWith('.css')) {
    // Declaration values only: `#main {` or `a:hover #abc {` are selectors, not colours.
    for (const block of text.matchAll(/\{([^{}]*)\}/g)) {
      for (const value of block[1].matchAll(/:([^;]*)/g)) {
        scan(value[1], block.index + 1 + value.index + 1, [HEX, FUNCTION])
      }
    }
  } else {
    for (const literal of text.matchAll(/(['"`])(?:\\.|(?!\1)[^\\\n])*\1/g))
      scan(literal[0], literal.index, [HEX, FUNCTION])
  }
  return found
}

let problems = 0
for (const path of files(renderer)) {
  if (path.includes(`${join('renderer', 'public')}`)) continue
  for (const [line, colour] of rawColours(path, withoutComments(readFileSync(path, 'utf8')))) {
    problems++
    console.log(`${relative(root, path)}:${line}: raw colour ${colour}; use a var(--token) from the tokens file`)
  }
}
if (problems > 0) {
  console.log(`${problems} raw colour(s) outside ${relative(root, TOKENS)}.`)
  process.exit(1)
}

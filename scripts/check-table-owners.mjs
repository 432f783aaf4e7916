// Part of the "cycles" gate (the architecture rules): one owner per table.
// - A table is written (INSERT, UPDATE, DELETE, REPLACE) from one folder of src/main only: its domain.
//   The core tables' owners are fixed below; any other table's writers must all sit in one folder.
// - Handlers and services never carry SQL: they call their domain's store functions.
// src/main/db (the database layer and the migrations) is exempt: it creates the tables.
import { readdirSync, readFileSync } from 'node:fs'
import { basename, dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const main = join(root, 'src', 'main')

/** Table → the folder of src/main that owns it. */
const OWNERS = {
  connections: 'connections',
  leads: 'leads',
  outbox: 'leads',
  sync_checkpoints: 'sync',
  settings: 'settings'
}

const WRITE =
  /\b(?:INSERT(?:\s+OR\s+[A-Z]+)?\s+INTO|REPLACE\s+INTO|DELETE\s+FROM|UPDATE(?!\s+SET\b))\s+([a-z_][a-z0-9_]*)/g
const SQL_LITERAL = /(['"`])\s*(?:SELECT|INSERT|UPDATE|DELETE|REPLACE|WITH|PRAGMA|CREATE|DROP|ALTER)\s/g
const NO_SQL_FILE = /(?:^|[-.])(?:handlers|service)\.ts$/

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      if (path !== join(main, 'db')) yield* files(path)
    } else if (entry.name.endsWith('.ts')) yield path
  }
}

/** Comments blanked out (line breaks kept, so line numbers still match). */
function code(text) {
  const blank = (match) => match.replace(/[^\n]/g, ' ')
  return text.replace(/\/\*[\s\S]*?\*\//g, blank).replace(/(^|[^:])\/\/[^\n]*/g, blank)
}

const problems = []
const writers = new Map()
for (const path of files(main)) {
  const text = code(readFileSync(path, 'utf8'))
  const file = relative(root, path)
  const folder = relative(main, path).split(sep)[0]
  const lineOf = (index) => text.slice(0, index).split('\n').length
  if (NO_SQL_FILE.test(basename(path))) {
    for (const match of text.matchAll(SQL_LITERAL))
      problems.push(`${file}:${lineOf(match.index)}: SQL in a handler or service; move it into the domain's store`)
  }
  for (const match of text.matchAll(WRITE)) {
    const table = match[1]
    const at = `${file}:${lineOf(match.index)}`
    const owner = OWNERS[table]
    if (owner && owner !== folder) problems.push(`${at}: writes ${table}, which src/main/${owner}/ owns`)
    if (!writers.has(table)) writers.set(table, new Map())
    writers.get(table).set(folder, at)
  }
}
for (const [table, folders] of writers) {
  if (OWNERS[table] || folders.size < 2) continue
  const where = [...folders.values()].join(', ')
  problems.push(`${where}: ${table} is written from ${folders.size} folders; give it one owner`)
}

for (const problem of problems) console.log(problem)
if (problems.length > 0) {
  console.log(`${problems.length} table ownership problem(s).`)
  process.exit(1)
}

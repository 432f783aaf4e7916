// The layer and cycle rules of src/, checked by `npm test` (the "cycles" gate) and `npm run check`.
// Type-only imports count (tsPreCompilationDeps): a cycle through types still ties files together.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles, type-only imports included.',
      from: {},
      to: { circular: true }
    },
    {
      name: 'shared-is-pure',
      severity: 'error',
      comment: 'src/shared runs on both sides of the boundary: it imports only itself and zod.',
      from: { path: '^src/shared/' },
      to: { pathNot: ['^src/shared/', '(^|/)node_modules/zod/'] }
    },
    {
      name: 'shared-no-node',
      severity: 'error',
      comment: 'src/shared imports no Node built-in.',
      from: { path: '^src/shared/' },
      to: { dependencyTypes: ['core'] }
    },
    {
      name: 'renderer-through-contract',
      severity: 'error',
      comment: 'The renderer reaches the main side only through the contract in src/shared (and the preload bridge).',
      from: { path: '^src/renderer/' },
      to: { path: ['^src/main/', '^src/preload/', '^node_modules/(electron|keytar|sqlite3)/'] }
    },
    {
      name: 'renderer-no-node',
      severity: 'error',
      comment: 'The renderer runs sandboxed: no Node built-ins.',
      from: { path: '^src/renderer/' },
      to: { dependencyTypes: ['core'] }
    },
    {
      name: 'preload-exposes-contract',
      severity: 'error',
      comment: 'The preload hands the window the contract bridge and nothing of the main process.',
      from: { path: '^src/preload/' },
      to: { path: ['^src/main/', '^src/renderer/'] }
    },
    {
      name: 'main-not-renderer',
      severity: 'error',
      comment: 'The main process never imports renderer code.',
      from: { path: '^src/main/' },
      to: { path: ['^src/renderer/', '^src/preload/'] }
    },
    {
      name: 'domain-internals',
      severity: 'error',
      comment:
        'A folder under src/main is a domain: others use what its index.ts or service.ts exposes, never its other files.',
      from: { path: '^src/main/([^/]+)/' },
      to: {
        path: '^src/main/[^/]+/',
        pathNot: ['^src/main/$1/', '^src/main/[^/]+/(index|service)\\.ts$']
      }
    },
    {
      name: 'composition-root',
      severity: 'error',
      comment:
        'src/main/compose.ts builds the app and hands each service what it needs; no folder reaches back into it.',
      from: { path: '^src/main/[^/]+/' },
      to: { path: '^src/main/compose\\.ts$' }
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing is a typo or a missing package.',
      from: {},
      to: { couldNotResolve: true }
    }
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Worktrees link node_modules to a shared install: keep package paths as node_modules/…, not the link's target.
    preserveSymlinks: true,
    exclude: { path: '\\.d\\.ts$' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json']
    },
    reporterOptions: { text: { highlightFocused: true } }
  }
}

import js from '@eslint/js'
import sdl from '@microsoft/eslint-plugin-sdl'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const SDL_FILES = ['src/**/*.ts', 'src/**/*.tsx', 'scripts/**/*.mjs']

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      '.test-output/**',
      'test-results/**',
      'playwright-report/**',
      // Deliberately broken, for the gates' own tests (test/gates/electron-config.test.ts).
      'test/fixtures/**'
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
    }
  },
  {
    // src/shared runs on both sides of the boundary: no Node, no Electron.
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'child_process', 'url', 'stream'],
              message: 'src/shared must not import Node modules.'
            },
            { group: ['electron', 'electron/*'], message: 'src/shared must not import Electron.' },
            {
              group: ['**/main/**', '**/preload/**', '**/renderer/**'],
              message: 'src/shared must not depend on a process.'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/main/**', '**/src/main', '../../../main/*'],
              message: 'The renderer talks to the main process only through the contract.'
            },
            {
              group: ['node:*', 'electron', 'keytar', 'sqlite3'],
              message: 'The renderer runs sandboxed: no Node or Electron.'
            },
            {
              // The contract's index builds every method's schemas when it loads: in the page, that
              // was a fifth of the work before the first rows. Values come from the file defining them.
              regex: 'shared/contract$',
              allowTypeImports: true,
              message: 'Import values from the contract file that defines them (contract/model, contract/query, …).'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/main/**'], message: 'The preload exposes the contract only.' }] }
      ]
    }
  },
  // Microsoft's SDL rules for Electron and the web (no-electron-node-integration, no-inner-html,
  // no-insecure-url, no-eval, …) over everything that ships. Part of the Electron gate.
  ...[...sdl.configs.common, ...sdl.configs.electron].map((config) => ({ ...config, files: SDL_FILES })),
  {
    files: SDL_FILES,
    rules: {
      // Plain http:// is how the app talks to loopback (browser mode, the sandbox) and to
      // self-hosted platforms: allowed for 127.0.0.1 and localhost only, flagged anywhere else.
      '@microsoft/sdl/no-insecure-url': [
        'error',
        { exceptions: ['^http:(\\/\\/|\\\\u002f\\\\u002f)(127\\.0\\.0\\.1|localhost)([:/]|$)'] }
      ]
    }
  }
)

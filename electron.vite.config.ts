import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import { preloadFirstScreen } from './build/preload-first-screen'

export default defineConfig({
  main: {
    build: {
      // Bundled rather than required from node_modules at start: zod's package alone is hundreds of
      // files (all its locales), and resolving and compiling them was most of the main process's
      // start. Bundled, the unused parts are shaken off. Native modules stay external (below).
      externalizeDeps: { exclude: ['zod', 'libphonenumber-js'] },
      rollupOptions: {
        // index: the Electron main process. browser: the same app served over loopback HTTP to a
        // browser (`npm run browser`, and `npm start` where no Electron binary can be had).
        // keychain-host: keytar in a child process of its own (src/main/secrets/keychain-host.ts).
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          browser: resolve(__dirname, 'src/main/browser-mode.ts'),
          'keychain-host': resolve(__dirname, 'src/main/secrets/keychain-host.ts')
        },
        // Native modules load from node_modules at run time, in Electron and in Node alike.
        external: ['sqlite3', 'keytar']
      }
    }
  },
  preload: {
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    // Relative asset paths: the same bundle loads from file:// in Electron and from / in browser mode.
    base: './',
    build: {
      rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') },
      // electron-vite leaves the renderer unminified; the page parses every byte before its first
      // paint, in the desktop app and in browser mode alike.
      minify: true
    },
    plugins: [react(), preloadFirstScreen('src/renderer/src/render.tsx')]
  }
})

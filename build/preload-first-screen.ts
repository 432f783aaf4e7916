import type { HtmlTagDescriptor, Plugin, Rolldown } from 'vite'

type OutputBundle = Rolldown.OutputBundle
type OutputChunk = Rolldown.OutputChunk

/**
 * The renderer's entry sends the table's first requests, then imports the app (`render.tsx`) as a
 * file of its own. Left to that import, the app's JavaScript and CSS are only asked for once the
 * entry has run: a round trip and a compile in a row, on every start. Listed in the HTML instead,
 * the browser fetches and compiles them while the entry runs; the import then finds them ready.
 */
export function preloadFirstScreen(appModule: string): Plugin {
  return {
    name: 'lead-manager:preload-first-screen',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.bundle) return []
        const app = chunks(ctx.bundle).find((c) => c.isDynamicEntry && c.facadeModuleId?.endsWith(appModule))
        if (!app) throw new Error(`preloadFirstScreen: no dynamically imported chunk for ${appModule}`)
        const scripts = new Set<string>()
        const styles = new Set<string>()
        const visit = (chunk: OutputChunk): void => {
          if (scripts.has(chunk.fileName)) return
          scripts.add(chunk.fileName)
          chunk.viteMetadata?.importedCss.forEach((css) => styles.add(css))
          for (const name of chunk.imports) {
            const imported = ctx.bundle?.[name]
            if (imported?.type === 'chunk') visit(imported)
          }
        }
        visit(app)
        const base = ctx.server ? '/' : './'
        // What the entry already brings (its own script, preloads and sheets) is not listed twice.
        const listed = new Set([...html.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1]))
        const fresh = (names: Set<string>): string[] => [...names].filter((name) => !listed.has(base + name))
        return [
          ...fresh(styles).map<HtmlTagDescriptor>((href) => ({
            tag: 'link',
            attrs: { rel: 'stylesheet', crossorigin: true, href: base + href },
            injectTo: 'head'
          })),
          ...fresh(scripts).map<HtmlTagDescriptor>((href) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: base + href },
            injectTo: 'head'
          }))
        ]
      }
    }
  }
}

function chunks(bundle: OutputBundle): OutputChunk[] {
  return Object.values(bundle).filter((item) => item.type === 'chunk')
}

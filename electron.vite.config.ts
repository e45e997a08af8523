import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import type { Plugin } from 'vite'
import { contentSecurityPolicy } from './src/main/shell/content-security-policy'
import { messageCatalogPlugin } from './scripts/vite-plugin-message-catalog'

const root = import.meta.dirname
const localesDir = resolve(root, 'src/shared/i18n/locales')

/**
 * Puts the renderer's CSP into its HTML as a `<meta>` tag, taken from the same function the
 * main process uses for the response header, so the two can never disagree. The built HTML
 * therefore carries the policy even when served by a plain static server (e2e, bench).
 */
function cspMetaPlugin(): Plugin {
  return {
    name: 'mag-csp-meta',
    transformIndexHtml: {
      order: 'pre',
      handler(_html, context) {
        const dev = context.server !== undefined
        return [
          {
            tag: 'meta',
            attrs: {
              'http-equiv': 'Content-Security-Policy',
              content: contentSecurityPolicy({ dev, delivery: 'meta' }),
            },
            injectTo: 'head-prepend',
          },
        ]
      },
    },
  }
}

export default defineConfig({
  main: {
    plugins: [messageCatalogPlugin(localesDir)],
    build: {
      externalizeDeps: true,
      rolldownOptions: {
        input: { index: resolve(root, 'src/main/index.ts') },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require anything but 'electron': bundle zod and src/shared.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        output: {
          format: 'cjs',
          entryFileNames: '[name].cjs',
          codeSplitting: false,
        },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    // Relative asset URLs so the built renderer loads from app://renderer/ and from any static server.
    base: './',
    build: {
      outDir: resolve(root, 'out/renderer'),
      // Shipped JS size is a measured budget; electron-vite leaves minification off by default.
      minify: true,
      rolldownOptions: {
        input: {
          index: resolve(root, 'src/renderer/index.html'),
          // The quick-search window's own small page (src/main/electron/quick-search-window.ts).
          'quick-search': resolve(root, 'src/renderer/quick-search.html'),
        },
      },
    },
    plugins: [react(), cspMetaPlugin(), messageCatalogPlugin(localesDir)],
  },
})

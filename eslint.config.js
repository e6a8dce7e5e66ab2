// Lint, including the layer rule that keeps the rooms of architecture.md apart (modelled on VS Code's
// code-layering / code-import-patterns): each folder lists what it may import, and lint fails otherwise.
import { builtinModules } from 'node:module'
import { dirname, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import js from '@eslint/js'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const root = dirname(fileURLToPath(import.meta.url))

/** Folder -> folders it may import from, and whether Electron and Node's built-ins are allowed. */
export const LAYERS = {
  shared: { imports: ['shared'], electron: false, node: false },
  'electron/core': { imports: ['electron/core', 'shared'], electron: false, node: true },
  // main is the composition root: it also starts the embedded demo help center from server/.
  'electron/main': { imports: ['electron/main', 'electron/core', 'shared', 'server'], electron: true, node: true },
  'electron/preload': { imports: ['electron/preload', 'shared'], electron: true, node: false },
  'electron/build': { imports: ['electron/build'], electron: true, node: true },
  renderer: { imports: ['renderer', 'shared'], electron: false, node: false },
  server: { imports: ['server', 'shared'], electron: false, node: true },
  tests: { imports: ['tests', 'shared', 'electron/core', 'electron/main', 'electron/preload', 'renderer', 'server'], electron: true, node: true },
}

const nodeBuiltins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]))

function layerOf(file) {
  const path = relative(root, file).split(sep).join('/')
  return Object.keys(LAYERS)
    .sort((a, b) => b.length - a.length)
    .find((layer) => path === layer || path.startsWith(`${layer}/`))
}

const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the import rules between the layers of architecture.md' },
    schema: [],
  },
  create(context) {
    const from = layerOf(context.filename)
    if (!from) return {}
    const allowed = LAYERS[from]
    function check(node, source) {
      if (typeof source !== 'string') return
      if (source.startsWith('.')) {
        const target = layerOf(resolve(dirname(context.filename), source))
        if (!target) {
          context.report({ node, message: `${from} may not import '${source}', which is outside every layer.` })
        } else if (!allowed.imports.includes(target)) {
          context.report({
            node,
            message: `${from} may not import from ${target} (allowed: ${allowed.imports.join(', ')}).`,
          })
        }
        return
      }
      const packageName = source.startsWith('@') ? source.split('/').slice(0, 2).join('/') : source.split('/')[0]
      if (packageName === 'electron' && !allowed.electron) {
        context.report({ node, message: `${from} may not import 'electron': it must run in plain Node or a browser.` })
      }
      if (nodeBuiltins.has(packageName) && !allowed.node) {
        context.report({ node, message: `${from} may not import Node's '${source}'.` })
      }
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    }
  },
}

export default tseslint.config(
  { ignores: ['**/out/**', 'node_modules/**', '.tmp/**', 'dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { support: { rules: { layers: layersRule } } },
    rules: {
      'support/layers': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'error',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
)

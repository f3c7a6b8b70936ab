// @ts-check
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * The layering of ARCHITECTURE.md as a lint rule: imports only point downwards.
 *   shared/            imports nothing of ours and nothing but zod (no node, electron or DOM code)
 *   electron/backend/  never imports `electron`, the main process, the preload or the renderer
 *   electron/main/     may use backend and shared; never the renderer or the preload
 *   electron/preload/  imports `electron` and only types from shared/
 *   renderer/          imports only shared/ and itself; no node, no electron
 */
const layerOf = (/** @type {string} */ rel) => {
  const p = rel.split(sep).join('/');
  if (p.startsWith('shared/')) return 'shared';
  if (p.startsWith('electron/backend/')) return 'backend';
  if (p.startsWith('electron/main/')) return 'main';
  if (p.startsWith('electron/preload/')) return 'preload';
  if (p.startsWith('renderer/')) return 'renderer';
  return 'other';
};

/** @type {Record<string, string[]>} layers each layer may import from (relative imports) */
const mayImport = {
  shared: ['shared'],
  backend: ['backend', 'shared'],
  main: ['main', 'backend', 'shared'],
  preload: ['preload', 'shared'],
  renderer: ['renderer', 'shared'],
};

const builtins = new Set(builtinModules);
const isBuiltin = (/** @type {string} */ s) => s.startsWith('node:') || builtins.has(s.split('/')[0] ?? '');
const packageName = (/** @type {string} */ s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : (s.split('/')[0] ?? s));

/** @param {string} layer @param {string} source @returns {string | null} */
function packageProblem(layer, source) {
  const pkg = packageName(source);
  switch (layer) {
    case 'shared':
      return pkg === 'zod' ? null : `shared/ is the contract: it imports nothing but zod (not "${source}")`;
    case 'backend':
      if (pkg === 'electron') return 'electron/backend/ is plain Node: it must not import "electron" (put Electron code in electron/main/)';
      if (pkg === 'react' || pkg === 'react-dom' || pkg === 'zustand') return `electron/backend/ must not import UI code ("${source}")`;
      return null;
    case 'main':
      return pkg === 'react' || pkg === 'react-dom' ? `electron/main/ must not import UI code ("${source}")` : null;
    case 'preload':
      return pkg === 'electron' ? null : `the sandboxed preload may require only "electron" (not "${source}")`;
    case 'renderer':
      if (isBuiltin(source)) return `renderer/ runs in a sandboxed page: no Node modules ("${source}")`;
      if (pkg === 'electron' || pkg === 'dockerode' || pkg === 'ws') return `renderer/ talks to the backend through DesktopApi only (not "${source}")`;
      return null;
    default:
      return null;
  }
}

/** @type {import('eslint').Rule.RuleModule} */
export const layersRule = {
  meta: { type: 'problem', docs: { description: 'imports only point downwards (ARCHITECTURE.md)' }, schema: [] },
  create(context) {
    const root = context.cwd;
    const file = context.filename;
    const layer = layerOf(relative(root, file));
    if (layer === 'other') return {};
    /** @param {any} node @param {string} source @param {boolean} typeOnly */
    const check = (node, source, typeOnly) => {
      if (source.startsWith('.')) {
        const target = layerOf(relative(root, resolve(dirname(file), source)));
        const allowed = mayImport[layer] ?? [];
        if (!allowed.includes(target)) {
          context.report({ node, message: `${layer} must not import from ${target} ("${source}"): imports only point downwards` });
        } else if (layer === 'preload' && target === 'shared' && !typeOnly) {
          context.report({ node, message: `the preload imports only types from shared/: use "import type" ("${source}")` });
        }
        return;
      }
      const problem = packageProblem(layer, source);
      if (problem) context.report({ node, message: problem });
    };
    /** @param {any} node */
    const fromDeclaration = (node) => {
      if (!node.source || typeof node.source.value !== 'string') return;
      const specifiers = node.specifiers ?? [];
      const typeOnly =
        node.importKind === 'type' ||
        node.exportKind === 'type' ||
        (specifiers.length > 0 && specifiers.every((/** @type {any} */ s) => s.importKind === 'type' || s.exportKind === 'type'));
      check(node, node.source.value, typeOnly);
    };
    return {
      ImportDeclaration: fromDeclaration,
      ExportNamedDeclaration: fromDeclaration,
      ExportAllDeclaration: fromDeclaration,
      ImportExpression(node) {
        const src = /** @type {any} */ (node.source);
        if (src.type === 'Literal' && typeof src.value === 'string') check(node, src.value, false);
      },
    };
  },
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'resources/**/build/**', 'test/.artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { berth: { rules: { layers: layersRule } } },
    rules: {
      'berth/layers': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "Identifier[name='eval']", message: 'no eval' }],
    },
  },
  {
    files: ['electron/**/*.{ts,mjs}', 'test/**/*.ts', '*.config.ts', '*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
);

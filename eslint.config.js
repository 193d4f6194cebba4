import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import sizeRules from './scripts/lint/size-rules.mjs';

const SQL_IN_STORE = 'SQL lives in src-main/engine/store/: add a repository function there.';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-artifacts/**', 'release/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Prettier lays out the code at this width; words it cannot break (strings, patterns, addresses) may run over.
      'max-len': [
        'error',
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // The engine runs under plain Node and in tests; Electron must never leak into it. A peer's CBOR is read by
    // native/cbor-read.ts alone, linear in its size: cbor2's decoder does not bound what a hostile frame costs.
    files: ['src-main/engine/**/*.ts', 'src-main/headless/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The engine must not import electron.' },
            {
              name: 'cbor2',
              importNames: ['decode', 'decodeSequence', 'DecodeStream', 'diagnose', 'comment'],
              message: 'CBOR is read by native/cbor-read.ts, not by cbor2.',
            },
          ],
        },
      ],
    },
  },
  {
    // Small modules a newcomer can read: no source file over 350 lines, no class over 350, no constructor over 40.
    files: ['src-main/**/*.ts', 'src-preload/**/*.ts', 'src-shared/**/*.ts', 'src-renderer/**/*.{ts,tsx}'],
    plugins: { size: sizeRules },
    rules: {
      'max-lines': ['error', { max: 350, skipBlankLines: false, skipComments: false }],
      'size/class-size': ['error', { maxClassLines: 350, maxConstructorLines: 40 }],
    },
  },
  {
    // The node's centre only composes the rooms below it: its modules stay small enough to read at a glance.
    files: ['src-main/engine/node/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 250, skipBlankLines: false, skipComments: false }] },
  },
  {
    // A call reads by its names: past five positional parameters, a function takes one object with named fields.
    files: [
      'src-main/**/*.ts',
      'src-preload/**/*.ts',
      'src-shared/**/*.ts',
      'src-renderer/**/*.{ts,tsx}',
      'tests/**/*.{ts,tsx}',
      'scripts/**/*.{ts,mjs}',
    ],
    rules: { 'max-params': ['error', 5] },
  },
  {
    // SQL lives in the store: the rooms call a repository there and keep only what to do with the rows. A database
    // handle's `exec` is caught by its name (db, conn, database), so a regular expression's `exec` stays allowed.
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/engine/store/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.type='MemberExpression'][callee.property.name='prepare']",
          message: SQL_IN_STORE,
        },
        {
          selector:
            "CallExpression[callee.type='MemberExpression'][callee.property.name='exec'][callee.object.name=/^(db|conn|database)$/]",
          message: SQL_IN_STORE,
        },
        {
          selector:
            "CallExpression[callee.type='MemberExpression'][callee.property.name='exec'][callee.object.property.name=/^(db|conn|database)$/]",
          message: SQL_IN_STORE,
        },
      ],
    },
  },
);

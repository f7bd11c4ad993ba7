// `npm run lint` (part of `npm test`): ESLint with type-aware typescript-eslint, Lit and
// web-component rules, then `prettier --check .`. Zero warnings allowed (--max-warnings 0).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'lib/',
      'data/',
      '.test-tmp/',
      'coverage/',
      'custom-elements.json',
      'packages/*/lib/',
      'packages/*/dist/',
      'packages/elements/types/',
      'packages/elements/cdn/',
      'packages/elements/frameworks/',
      'packages/elements/custom-elements.json',
      // The consumer apps are separate projects, checked by their own compilers (test/consumers/*.consumer.test.ts).
      'test/consumers/apps/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // node:test's test()/describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite', 'before', 'after'] }],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Lit binds `@event=${this.handler}` to the host, so passing methods is how templates work.
      '@typescript-eslint/unbound-method': 'off',
      // Async methods that only return values keep one Promise interface for the SQLite and PostgreSQL stores.
      '@typescript-eslint/require-await': 'off',
      // Harmless, and mostly `x!` on indexed reads the compiler does not check (no noUncheckedIndexedAccess).
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // Regexes here match control characters on purpose, to reject or strip them.
      'no-control-regex': 'off',
    },
  },
  {
    // @open-wc's chai-dom-diff types declare `equal` as returning a Promise, so every
    // `expect(x).to.equal(y)` would read as floating; mocha awaits what tests return.
    files: ['test/**/*.test.ts'],
    ignores: ['test/**/*.node.test.ts', 'test/e2e/**'],
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
  {
    // Tests read JSON bodies (typed `any`) and use chai's property assertions (`expect(x).to.be.true`).
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
      // Tests run: no focused, skipped or todo test reaches main.
      'no-restricted-properties': [
        'error',
        ...['describe', 'it', 'test', 'suite'].flatMap((object) =>
          ['only', 'skip', 'todo'].map((property) => ({ object, property, message: 'every test runs: no only/skip/todo' })),
        ),
      ],
    },
  },
  // The plugins' own config types are looser than typescript-eslint's (and mark `configs` optional).
  /** @type {import('typescript-eslint').ConfigWithExtends} */ ({
    files: ['src/**/*.ts', 'test/**/*.test.ts'],
    .../** @type {NonNullable<typeof lit.configs>} */ (lit.configs)['flat/recommended'],
  }),
  /** @type {import('typescript-eslint').ConfigWithExtends} */ ({
    files: ['src/**/*.ts'],
    .../** @type {NonNullable<typeof wc.configs>} */ (wc.configs)['flat/recommended'],
  }),
  {
    // Plain JS (scripts, demo, bin, sandbox pages' scripts): no type information.
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },

  // What runs where (docs/architecture.md). Each package holds one runtime's files, so a folder
  // imports only what its runtime has: the elements package never gets Node, the store or hono.
  {
    files: ['src/*/element/**/*.ts', 'src/*/shared/**/*.ts', 'src/index.ts', 'src/classes.ts', 'src/react/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'zod', message: 'browser code validates with zod/mini (bundle size)' },
            ...['hono', '@hono/node-server', 'pg', 'better-sqlite3', 'jose', 'tldts', 'msw'].map((name) => ({
              name,
              message: 'server or sandbox dependency: not in the elements package',
            })),
          ],
          patterns: [
            { regex: '^node:', message: 'Node built-in: browser code runs in the page' },
            { regex: '(^|/)(server|sandbox)/', message: 'browser code imports no server or sandbox file' },
            { regex: '^(hono|@hono|pg|better-sqlite3)/', message: 'server dependency: not in the elements package' },
          ],
        },
      ],
    },
  },
  {
    // Shared code (schemas both halves validate with) is plain data and checks: no DOM element, no Lit.
    files: ['src/*/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'zod', message: 'shared code validates with zod/mini (it reaches the browser)' }],
          patterns: [
            { regex: '^node:', message: 'shared code runs in the browser too' },
            { regex: '(^|/)(server|sandbox|element)/', message: 'shared code imports only shared code' },
            { regex: '^(lit|@lit|lit-html|lit-element)(/|$)', message: 'shared code has no UI' },
            { regex: '^(hono|@hono|pg|better-sqlite3|jose|tldts)(/|$)', message: 'shared code runs in the browser too' },
          ],
        },
      ],
    },
  },
  {
    // Server and sandbox code never pulls in an element (Lit, the DOM, messages).
    files: ['src/*/server/**/*.ts', 'src/*/sandbox/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)element/', message: 'server code imports no element file' },
            { regex: '^(lit|@lit|lit-html|lit-element)(/|$)', message: 'server code has no Lit' },
          ],
        },
      ],
    },
  },
);

// Lint rules for every package: type-aware, no floating promises, no `export *`, type-only imports.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', '**/*.py'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'Name every export; no `export *`.' }],
    },
  },
  {
    files: ['packages/stats/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      // @vigil/stats runs in a browser: no Node built-ins, no dependencies.
      'no-restricted-imports': ['error', { patterns: ['node:*', '@vigil/*'] }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', 'scripts/**/*.ts', 'clients/**/*.ts', 'vitest.config.ts', 'eslint.config.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
);

// ESLint flat config: typescript-eslint's strictTypeChecked and stylisticTypeChecked over every
// TypeScript file (type-aware, through tsconfig.eslint.json). `npm run lint`; .ci/run runs it.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['build/', 'dist/', 'coverage/', 'docs/', 'node_modules/', 'test/types/'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.strictTypeChecked, tseslint.configs.stylisticTypeChecked],
    languageOptions: {
      parserOptions: { project: './tsconfig.eslint.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Each form of configurable() keeps its own overload and doc comment, which unified signatures would lose.
      '@typescript-eslint/unified-signatures': ['error', { ignoreOverloadsWithDifferentJSDoc: true }],
      // Conflicts with strict's no-non-null-assertion (typescript-eslint documents the pair); casts stay.
      '@typescript-eslint/non-nullable-type-assertion-style': 'off',
    },
  },
);

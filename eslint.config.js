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
      // A parameter's written type is what emitDecoratorMetadata records (and the schema reads).
      '@typescript-eslint/no-inferrable-types': ['error', { ignoreParameters: true, ignoreProperties: true }],
      // Conflicts with strict's no-non-null-assertion (typescript-eslint documents the pair); casts stay.
      '@typescript-eslint/non-nullable-type-assertion-style': 'off',
    },
  },
  {
    // Tests and benchmarks hold fixtures whose whole point is their parameter list (empty bodies,
    // constructor-only classes, defaults, functions made from source text), register methods
    // unbound as the library allows, and read the JSON-like `any` results DESIGN §2 gives.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-empty-function': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-useless-constructor': 'off',
      '@typescript-eslint/no-useless-default-assignment': 'off',
      '@typescript-eslint/no-implied-eval': 'off',
      '@typescript-eslint/require-await': 'off',
      // `void Adam;` marks a class declared only to be registered by its decorator.
      '@typescript-eslint/no-meaningless-void-operator': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    // The demo's numeric kernels index arrays inside their bounds (noUncheckedIndexedAccess types
    // every read as possibly undefined), and its console output prints numbers in templates.
    files: ['examples/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
);

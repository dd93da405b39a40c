// `npm start`: builds the portal when the build is missing or older than the sources, then serves it.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const entry = join(root, '.output/server/index.mjs')
const sources = ['app.vue', 'nuxt.config.ts', 'package.json', 'pages', 'components', 'composables', 'layouts',
  'stores', 'locales', 'server', 'public', 'assets']

const [major] = process.versions.node.split('.').map(Number)
if (major < 24) {
  process.stderr.write(`Portal ini butuh Node.js 24 (terpasang ${process.versions.node}). Lihat README.\n`)
  process.exit(1)
}

function newestMtime(path) {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs)
}

const builtAt = existsSync(entry) ? statSync(entry).mtimeMs : 0
if (builtAt < Math.max(...sources.map(source => newestMtime(join(root, source))))) {
  process.stdout.write('Building the portal (nuxt build)…\n')
  const build = spawnSync(process.execPath, [join(root, 'node_modules/nuxt/bin/nuxt.mjs'), 'build'], {
    cwd: root, stdio: 'inherit',
  })
  if (build.status !== 0) process.exit(build.status ?? 1)
}

const server = spawn(process.execPath, [entry], {
  cwd: root, stdio: 'inherit', env: { ...process.env, PORT: process.env.PORT || '3000' },
})
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal))
server.on('exit', code => process.exit(code ?? 0))

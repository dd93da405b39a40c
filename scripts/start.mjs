// `npm start`: builds the portal when the build is missing or older than the sources, then serves it.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const entry = join(root, '.output/server/index.mjs')
const sources = ['app.vue', 'nuxt.config.ts', 'package.json', 'pages', 'components', 'composables', 'layouts',
  'stores', 'locales', 'server', 'public', 'assets']

const [major] = process.versions.node.split('.').map(Number)
if (major < 24) {
  process.stderr.write(`The portal needs Node.js 24 (this is ${process.versions.node}); see README.md.\n`)
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

const port = Number(process.env.PORT || 3000)
const portFree = await new Promise((resolve) => {
  const probe = createServer().once('error', () => resolve(false))
  probe.listen(port, () => probe.close(() => resolve(true)))
})
if (!portFree) {
  process.stderr.write(`Port ${port} is already in use. Stop what uses it, or choose another: PORT=3001 npm start\n`)
  process.exit(1)
}

// Only this computer by default: the embedded default seeds demo staff accounts. HOST=0.0.0.0 serves the network.
const server = spawn(process.execPath, [entry], {
  cwd: root, stdio: 'inherit', env: { ...process.env, PORT: String(port), HOST: process.env.HOST || '127.0.0.1' },
})
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal))
// `npm start` stopped with SIGTERM ends npm without passing the signal on; this process is then left to init. A
// parent that changes means whoever started the portal is gone: stop as on SIGTERM, database included.
const parent = process.ppid
setInterval(() => {
  if (process.ppid !== parent) server.kill('SIGTERM')
}, 1000).unref()
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))

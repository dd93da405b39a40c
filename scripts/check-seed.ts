// Validates the catalogue seed files: node scripts/check-seed.ts
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { serviceSeedSchema } from '../server/catalogue/seed-schema.ts'

const seedDir = join(import.meta.dirname, '../server/catalogue/seed')
const agencies = new Set((JSON.parse(readFileSync(join(seedDir, 'agencies.json'), 'utf8')) as { slug: string }[])
  .map(a => a.slug))
const categories = new Map(readFileSync(join(seedDir, 'ral-categories.tsv'), 'utf8').trim().split('\n').slice(1)
  .map(line => line.split('\t')).map(([code, , , agencyNames]) => [code!, agencyNames ?? ''] as const))

const slugs = new Set<string>()
const ids = new Set<string>()
const covered = new Set<string>()
let count = 0
let problems = 0
for (const file of readdirSync(join(seedDir, 'services')).filter(f => f.endsWith('.json')).sort()) {
  const items = JSON.parse(readFileSync(join(seedDir, 'services', file), 'utf8')) as unknown[]
  items.forEach((item, index) => {
    const parsed = serviceSeedSchema.safeParse(item)
    const where = `${file}[${index}]`
    if (!parsed.success) {
      problems++
      const issues = parsed.error.issues.map(i => `${i.path.join('.')}: ${i.message}`)
      process.stdout.write(`${where}: ${issues.join('; ')}\n`)
      return
    }
    const s = parsed.data
    const complain = (m: string) => {
      problems++
      process.stdout.write(`${where} ${s.slug}: ${m}\n`)
    }
    if (slugs.has(s.slug)) complain('duplicate slug')
    if (ids.has(s.spbeId)) complain('duplicate spbeId')
    if (!s.spbeId.includes(`-${s.categoryCode}-`)) complain('spbeId does not carry the category code')
    if (!agencies.has(s.agencySlug)) complain(`unknown agency ${s.agencySlug}`)
    if (!categories.has(s.categoryCode)) complain(`unknown category ${s.categoryCode}`)
    slugs.add(s.slug)
    ids.add(s.spbeId)
    covered.add(s.categoryCode)
    count++
  })
}
process.stdout.write(`${count} services, ${covered.size} of 40 categories, ${problems} problems\n`)
process.stdout.write(`missing categories: ${[...categories.keys()].filter(c => !covered.has(c)).join(', ')}\n`)
process.exitCode = problems ? 1 : 0

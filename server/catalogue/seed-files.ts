import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { CatalogueSeedFiles } from './seed'

/** Reads the seed files from the source tree (CLI and tests); the server reads them from its bundled assets. */
export async function readSeedFilesFromDisk(dir: string): Promise<CatalogueSeedFiles & { synonyms: string }> {
  const read = (name: string) => readFile(join(dir, name), 'utf8')
  const serviceFiles = (await readdir(join(dir, 'services'))).filter(name => name.endsWith('.json')).sort()
  const formFiles = (await readdir(join(dir, 'forms'))).filter(name => name.endsWith('.json')).sort()
  return {
    categoriesTsv: await read('ral-categories.tsv'),
    kecamatanTsv: await read('kecamatan-tanggamus.tsv'),
    agenciesJson: await read('agencies.json'),
    serviceJsons: await Promise.all(serviceFiles.map(name => read(join('services', name)))),
    formJsons: await Promise.all(formFiles.map(async name => ({
      slug: name.replace(/\.json$/, ''), json: await read(join('forms', name)),
    }))),
    complaintTypesJson: await read('complaint-types.json'),
    synonyms: await read('synonyms.txt'),
  }
}

import type { CatalogueSeedFiles } from '../catalogue/seed'

const storage = () => useStorage('assets:catalogue')

async function readAsset(key: string): Promise<string> {
  const value = await storage().getItemRaw(key)
  if (value == null) throw new Error(`catalogue asset missing: ${key}`)
  return typeof value === 'string' ? value : new TextDecoder().decode(value as Uint8Array)
}

/** The seed files bundled into the server (nitro.serverAssets), so a built portal seeds without the source tree. */
export async function loadCatalogueSeedFiles(): Promise<CatalogueSeedFiles> {
  const keys = (await storage().getKeys('services')).filter(key => key.endsWith('.json')).sort()
  const formKeys = (await storage().getKeys('forms')).filter(key => key.endsWith('.json')).sort()
  return {
    categoriesTsv: await readAsset('ral-categories.tsv'),
    kecamatanTsv: await readAsset('kecamatan-tanggamus.tsv'),
    agenciesJson: await readAsset('agencies.json'),
    serviceJsons: await Promise.all(keys.map(readAsset)),
    formJsons: await Promise.all(formKeys.map(async key => ({
      slug: key.replace(/^forms:/, '').replace(/\.json$/, ''), json: await readAsset(key),
    }))),
    complaintTypesJson: await readAsset('complaint-types.json'),
  }
}

export function loadSynonymSource(): Promise<string> {
  return readAsset('synonyms.txt')
}

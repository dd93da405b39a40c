import { MeilisearchApiError, type Meilisearch, type Settings } from 'meilisearch'
import { logger } from '../utils/logger'
import type { SearchDocument } from './engine'
import { MEILISEARCH_PRIMARY_KEY, toMeilisearchDocument } from './meilisearch-documents'
import { ensureSucceeded } from './meilisearch-engine'

const BATCH_SIZE = 1000
const TASK_TIMEOUT_MS = 10 * 60_000

export interface RebuildReport {
  indexUid: string
  /** The uid the fresh index was built under before it was swapped in. */
  builtAs: string
  documents: number
  /** False when there was no live index yet: the fresh one was renamed instead of swapped. */
  swapped: boolean
}

async function indexExists(client: Meilisearch, uid: string): Promise<boolean> {
  try {
    await client.getRawIndex(uid)
    return true
  }
  catch (error) {
    if (error instanceof MeilisearchApiError && error.cause?.code === 'index_not_found') return false
    throw error
  }
}

/** Fresh indexes left by a rebuild that died before its swap. */
async function removeLeftovers(client: Meilisearch, indexUid: string) {
  const { results } = await client.getRawIndexes({ limit: 1000 })
  for (const leftover of results.filter(index => index.uid.startsWith(`${indexUid}_tmp_`))) {
    await client.deleteIndex(leftover.uid).waitTask({ timeout: TASK_TIMEOUT_MS })
    logger.info({ index: leftover.uid }, 'leftover Meilisearch index removed')
  }
}

/**
 * Builds a fresh index (`services_tmp_…`) with the settings and every document, then swaps it with the live one in
 * one atomic Meilisearch task and deletes the old copy. Searches go to the live index until the swap, so they keep
 * working throughout. When there is no live index yet, the fresh one is renamed to it.
 */
export async function rebuildMeilisearchIndex(client: Meilisearch, indexUid: string, settings: Settings,
  documents: SearchDocument[], now = Date.now()): Promise<RebuildReport> {
  await removeLeftovers(client, indexUid)
  const builtAs = `${indexUid}_tmp_${now}`
  const wait = { timeout: TASK_TIMEOUT_MS, interval: 200 }

  ensureSucceeded(await client.createIndex(builtAs, { primaryKey: MEILISEARCH_PRIMARY_KEY }).waitTask(wait))
  ensureSucceeded(await client.index(builtAs).updateSettings(settings).waitTask(wait))
  const mapped = documents.map(toMeilisearchDocument)
  for (let start = 0; start < mapped.length; start += BATCH_SIZE) {
    const batch = mapped.slice(start, start + BATCH_SIZE)
    ensureSucceeded(await client.index(builtAs).addDocuments(batch).waitTask(wait))
  }

  const swapped = await indexExists(client, indexUid)
  const swap = swapped
    ? { indexes: [indexUid, builtAs] as [string, string], rename: false }
    : { indexes: [builtAs, indexUid] as [string, string], rename: true }
  ensureSucceeded(await client.swapIndexes([swap]).waitTask(wait))
  // After a swap the fresh uid holds the old documents.
  if (swapped) ensureSucceeded(await client.deleteIndex(builtAs).waitTask(wait))
  return { indexUid, builtAs, documents: documents.length, swapped }
}

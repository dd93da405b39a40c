import { buildSynonymIndex, parseSynonyms } from '../search/analyse'

let index: Promise<Map<string, string[]>> | undefined

/** The synonym file bundled with the server, parsed once: it only changes with a new build. */
export function useSynonymIndex(): Promise<Map<string, string[]>> {
  index ??= loadSynonymSource().then(source => buildSynonymIndex(parseSynonyms(source)))
  index.catch(() => {
    index = undefined
  })
  return index
}

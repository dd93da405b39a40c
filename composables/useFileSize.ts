import { formatSize } from '~~/server/uploads/errors'

/** "2,5 MB", "512 KB": a file's size as citizens read it. */
export function useFileSize() {
  return formatSize
}

import { countAttempt, throttleKey } from '../../../accounts/throttle'
import { TooManyComplaintsError } from '../../../complaints/limits'
import { sqlExecutor } from '../../../database/sql'
import { describeUpload, receiveUpload } from '../../../uploads/receive'
import { useFileStorage } from '../../../uploads/storage'

/** What a reporter without an account may send: photos for a pengaduan (issue 4), nothing else. */
const SIGNED_OUT_TYPES = ['image/jpeg', 'image/png']

/**
 * Receives one file (multipart field `file`): 201 `{ id, name, size, type }`. The type is judged by content and the
 * size refused before the body is buffered (server/uploads/receive.ts). A signed-in user's file is theirs; without
 * an account only a JPEG or PNG is taken, owned by nobody, at most 30 an hour from one address (429 after), for a
 * complaint's `photos`.
 */
export default defineApiHandler(['POST'], async (event) => {
  const user = await currentUser(event)
  const em = await useEm(event)
  if (!user) {
    const address = clientAddress(event)
    const until = await countAttempt(sqlExecutor(em), 'photo', throttleKey('photo', address), new Date())
    if (until) throw new TooManyComplaintsError(until)
  }
  const upload = await receiveUpload(event.node.req, { em, storage: useFileStorage(), ownerId: user?.id ?? null,
    ...(user ? {} : { types: SIGNED_OUT_TYPES }) })
  setResponseStatus(event, 201)
  return describeUpload(upload)
})

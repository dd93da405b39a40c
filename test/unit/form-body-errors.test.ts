import type { H3Event } from 'h3'
import { describe, expect, it } from 'vitest'
import { bodyRefusal } from '../../server/forms/body-errors'
import { WHOLE_FORM } from '../../server/forms/registry'
import { BodyUnreadableError } from '../../server/utils/body'

describe('a page form whose body has a NUL', () => {
  it('comes back with the readable fields but never a password or a PIN', () => {
    const error = new BodyUnreadableError(undefined, { email: 'rina@contoh.test', password: 'sungai jernih',
      pin: '123456', kode: 'ADU-1' })
    const outcome = bodyRefusal({} as H3Event, error)
    expect(outcome.status).toBe(400)
    expect(outcome.values).toEqual({ email: 'rina@contoh.test', kode: 'ADU-1' })
    expect(Object.keys(outcome.errors ?? {})).toEqual([WHOLE_FORM])
  })

  it('passes on an error that is not about the body', () => {
    const error = new Error('basis data mati')
    expect(() => bodyRefusal({} as H3Event, error)).toThrow(error)
  })
})

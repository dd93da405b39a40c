import { describe, expect, it } from 'vitest'
import { agencyInputSchema } from '../../server/catalogue/agency-editor'
import { serviceSeedSchema } from '../../server/catalogue/seed-schema'

/** Links the public pages render: a service's channel and an OPD's website take web addresses only. */
describe('links typed into the catalogue', () => {
  const channel = serviceSeedSchema.shape.channelUrl
  const website = agencyInputSchema.shape.website

  it('takes https and http addresses', () => {
    expect(channel.safeParse('https://sso.oss.go.id').success).toBe(true)
    expect(website.safeParse('http://tanggamus.go.id').success).toBe(true)
  })

  it('refuses addresses that would run script or carry data instead of leading to a web page', () => {
    for (const link of ['javascript:alert(1)', 'JavaScript:alert(document.domain)', 'data:text/html,<b>x</b>',
      'vbscript:msgbox(1)']) {
      expect(channel.safeParse(link).success, link).toBe(false)
      expect(website.safeParse(link).success, link).toBe(false)
    }
  })
})

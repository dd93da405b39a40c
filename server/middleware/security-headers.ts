/**
 * Security headers on every answer. Pages run no inline script: only the portal's own files (Nuxt's bundle where
 * a page hydrates, the small enhancements in public/js) and the speculation rules Nuxt adds for faster
 * navigation; styles are inlined by the build.
 */
const CONTENT_SECURITY_POLICY = [
  'default-src \'self\'',
  'script-src \'self\' \'inline-speculation-rules\'',
  'style-src \'self\' \'unsafe-inline\'',
  'img-src \'self\' data:',
  'object-src \'none\'',
  'base-uri \'self\'',
  'form-action \'self\'',
  'frame-ancestors \'none\'',
].join('; ')

export default defineEventHandler((event) => {
  setResponseHeaders(event, {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  })
})

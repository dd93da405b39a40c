// The container's health check (Dockerfile HEALTHCHECK): exits 0 when /api/health answers 2xx within 4 seconds.
const address = `http://127.0.0.1:${process.env.PORT || 3000}/api/health`
const response = await fetch(address, { signal: AbortSignal.timeout(4000) }).catch(() => null)
process.exit(response?.ok ? 0 : 1)

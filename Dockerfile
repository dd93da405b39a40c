# syntax=docker/dockerfile:1
# The portal for production, beside PostgreSQL and Meilisearch (docker-compose.yml; README.md, "Production").
# Two stages: `build` installs every dependency and runs `nuxt build`; `runtime` keeps the build, the production
# dependencies and the TypeScript sources the npm scripts load (user:create, db:seed, search:setup, search:reindex),
# and runs as the unprivileged `node` user of the official image.

# Debian, not Alpine: embedded-postgres ships glibc binaries. Update the tag with .nvmrc's major (24).
ARG NODE_IMAGE=node:24.21.0-trixie-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# The whole tree (less .dockerignore) before `npm ci`: its postinstall, `nuxt prepare`, reads nuxt.config.ts and
# the sources. `npm ci` installs exactly package-lock.json, with package.json's overrides; package.json's
# allowScripts names the dependencies whose install scripts may run (npm 11.16 warns about any other, npm 12
# refuses it). The cache mount keeps downloaded packages between builds.
COPY . .
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
RUN npm run build
RUN npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORTAL_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
# Owned by root and read-only to the portal; only .data (uploads on local disk) is the node user's.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/.output ./.output
COPY --from=build /app/server ./server
COPY --from=build /app/scripts ./scripts
RUN mkdir -p .data/uploads && chown -R node:node .data
USER node
EXPOSE 3000
# 200 while the database answers (also when search has fallen back to PostgreSQL), 503 when it does not. The first
# start migrates and seeds the catalogue before it answers, hence the long start period.
HEALTHCHECK --interval=30s --timeout=5s --start-period=180s --retries=3 CMD ["node", "scripts/healthcheck.mjs"]
# The built server itself, not `npm start`: scripts/start.mjs rebuilds when sources look newer than the build and
# binds to 127.0.0.1 by default, neither of which suits a container.
CMD ["node", ".output/server/index.mjs"]

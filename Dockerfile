# syntax=docker/dockerfile:1
# Vigil's server image. Stage 1 builds and packs the workspace as npm would publish it; stage 2
# installs those packages for production (no dev dependencies, better-sqlite3 compiled); stage 3 is
# the runtime: Node, the installed app, a non-root user, data in a volume, a health check on /healthz.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
# better-sqlite3 compiles its native module.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# npm ci builds every package (the root's prepare script), the dashboard included.
RUN npm ci --no-audit --no-fund
RUN node deploy/pack-workspace.mjs /packs

FROM build AS install
RUN sh deploy/install.sh /packs /app

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    VIGIL_HOST=0.0.0.0 \
    VIGIL_PORT=8080 \
    VIGIL_DATA=/data \
    VIGIL_LOG_FORMAT=json
RUN groupadd --system --gid 10001 vigil \
 && useradd --system --uid 10001 --gid vigil --home-dir /data --shell /usr/sbin/nologin vigil \
 && mkdir -p /data && chown vigil:vigil /data
COPY --from=install --chown=root:root /app /app
USER vigil
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.VIGIL_PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Set VIGIL_ADMIN_KEY (else a key is made and printed once in the log), VIGIL_STORE=postgres://… for
# PostgreSQL, VIGIL_SECRET_KEY when several replicas share a store: docs/configuration.md.
ENTRYPOINT ["/app/node_modules/.bin/vigil"]
CMD ["serve"]

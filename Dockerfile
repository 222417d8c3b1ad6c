# syntax=docker/dockerfile:1
# One image per service: docker build --build-arg SERVICE=ingest|rules|delivery|console -t postback-ingest .

# Stage 1: compile TypeScript to dist/ (Avro schemas copied beside the compiled code).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY libs ./libs
COPY apps ./apps
RUN npm run build

# Stage 2: production dependencies and the compiled code only, run as the non-root node user.
FROM node:24-bookworm-slim
ARG SERVICE=ingest
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    SERVICE=${SERVICE}
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
# Fail the build, not the container start, when SERVICE names no service.
RUN test -f "dist/apps/${SERVICE}/src/main.js" || { echo "unknown SERVICE '${SERVICE}'" >&2; exit 1; }
USER node
EXPOSE 3000 3001 3002 3003
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "const port = { ingest: process.env.INGEST_PORT || 3000, rules: process.env.RULES_PORT || 3001, delivery: process.env.DELIVERY_PORT || 3002, console: process.env.CONSOLE_PORT || 3003 }[process.env.SERVICE]; fetch(`http://127.0.0.1:${port}/health/live`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1));"]
CMD ["sh", "-c", "exec node dist/apps/$SERVICE/src/main.js"]

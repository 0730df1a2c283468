# One image for the API (which serves the web console at /), the worker, the AMC simulator and the migrations (see
# docker-compose.yml). The console is built in its own stage, with the build tools that the runtime image omits.
FROM node:20-bookworm-slim AS console
WORKDIR /app
COPY package.json package-lock.json ./
COPY web/package.json web/
RUN npm install --no-audit --no-fund --include=dev
COPY . .
RUN npm run build:web

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY web/package.json web/
RUN npm install --no-audit --no-fund
COPY . .
COPY --from=console /app/web/dist web/dist
# Workers load this prebuilt bundle instead of bundling at start (WORKFLOW_BUNDLE_PATH).
RUN npx tsx scripts/build-workflow-bundle.ts
ENV WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js
USER node
CMD ["npx", "tsx", "api/main.ts"]

# One image for the API (which serves the web console at /), the worker, the AMC simulator and the migrations (see
# docker-compose.yml). They run the compiled JavaScript `npm run build` writes to dist/, the worker on the prebuilt
# workflow bundle; the build also writes the console to web/dist.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY web/package.json web/
RUN npm install --no-audit --no-fund
COPY . .
# tsc (tsconfig.build.json) → dist/, the workflow bundle → dist/workflow-bundle.js, the console → web/dist; then
# drop dev dependencies.
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
# Workers load this prebuilt bundle instead of bundling at start.
ENV WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js
USER node
CMD ["node", "dist/api/main.js"]

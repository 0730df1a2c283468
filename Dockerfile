# One image for the API, the worker, the AMC simulator and the migrations (see docker-compose.yml).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
# Workers load this prebuilt bundle instead of bundling at start (WORKFLOW_BUNDLE_PATH).
RUN npx tsx scripts/build-workflow-bundle.ts
ENV WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js
USER node
CMD ["npx", "tsx", "api/main.ts"]

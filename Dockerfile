# One image for the API, the worker, the AMC simulator and the migrations (see docker-compose.yml).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
USER node
CMD ["npx", "tsx", "api/main.ts"]

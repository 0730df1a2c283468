/**
 * No-auth operator routes: GET /metrics (Prometheus), GET /openapi.json, and GET /docs: the document rendered
 * by Swagger UI (swagger-ui-dist, served from node_modules: no CDN), with its own strict CSP.
 */
import path from 'node:path';
import { Router } from 'express';
import helmet from 'helmet';
import { registry } from '../../observability/metrics';
import { buildOpenApiDocument } from '../openapi';

type Doc = ReturnType<typeof buildOpenApiDocument>;

const SWAGGER_UI_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));

/** No inline script: the page loads Swagger UI and this initialiser from /docs/. */
const DOCS_INIT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, tryItOutEnabled: false });
});
`;

const docsPage = (doc: Doc) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${doc.info.title} ${doc.info.version}: reference</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><noscript>The machine-readable document is <a href="/openapi.json">/openapi.json</a>.</noscript>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script><script src="/docs/init.js"></script></body></html>`;

/** Swagger UI sets inline styles on its elements; scripts stay same-origin only. */
const docsCsp = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      connectSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
    },
  },
});

export function createObservabilityRouter(): Router {
  const router = Router();
  let doc: Doc | undefined;
  const document = () => (doc ??= buildOpenApiDocument());
  router.get('/metrics', async (_req, res) => {
    res.set('Content-Type', registry.contentType).send(await registry.metrics());
  });
  router.get('/openapi.json', (_req, res) => {
    res.json(document());
  });
  router.use('/docs', docsCsp);
  router.get('/docs', (_req, res) => {
    res.type('html').send(docsPage(document()));
  });
  router.use('/docs/init.js', (_req, res) => {
    res.type('text/javascript').send(DOCS_INIT);
  });
  for (const file of ['swagger-ui.css', 'swagger-ui-bundle.js']) {
    router.use(`/docs/${file}`, (_req, res) => res.sendFile(path.join(SWAGGER_UI_DIR, file), { maxAge: '1d' }));
  }
  return router;
}

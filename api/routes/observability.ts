/** No-auth operator routes: GET /metrics (Prometheus), GET /openapi.json and GET /docs (a self-contained page). */
import { Router } from 'express';
import { registry } from '../../observability/metrics';
import { buildOpenApiDocument } from '../openapi';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

type Doc = ReturnType<typeof buildOpenApiDocument>;

/** A browsable page rendered on the server from the document: no CDN, no script (works offline). */
function docsPage(doc: Doc): string {
  const rows: string[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item ?? {}) as [
      string,
      { summary?: string; tags?: string[]; security?: unknown[]; requestBody?: unknown; parameters?: unknown[] },
    ][]) {
      const details = JSON.stringify({ parameters: op.parameters, requestBody: op.requestBody }, null, 2);
      rows.push(
        `<details><summary><b class="m ${method}">${method.toUpperCase()}</b> <code>${escape(path)}</code> — ${escape(op.summary ?? '')}` +
          `${op.security ? ' 🔒' : ''} <small>${escape((op.tags ?? []).join(', '))}</small></summary><pre>${escape(details)}</pre></details>`,
      );
    }
  }
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escape(doc.info.title)}</title><style>
body{font:14px system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}code{font-size:14px}
details{border-bottom:1px solid #ddd;padding:.4em 0}pre{background:#f6f8fa;padding:1em;overflow:auto}
.m{display:inline-block;width:4.5em}.get{color:#0a7}.post{color:#06c}.put,.patch{color:#b60}.delete{color:#c22}</style></head>
<body><h1>${escape(doc.info.title)} ${escape(doc.info.version)}</h1><p>${escape(doc.info.description ?? '')}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI ${escape(doc.openapi)}). 🔒 = <code>Authorization: Bearer &lt;access token&gt;</code>.</p>
${rows.join('\n')}</body></html>`;
}

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
  router.get('/docs', (_req, res) => {
    res.type('html').send(docsPage(document()));
  });
  return router;
}

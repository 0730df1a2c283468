/**
 * Every response the API tests produce is checked against the OpenAPI document (api/openapi.ts): the status must
 * be one the operation documents (errors may fall under `default`), the content type one it lists, and a JSON
 * body must validate (ajv, JSON Schema 2020-12) against its schema, with no undocumented fields. startStack wraps
 * the app with this, and the file's stack.close() fails when anything did not match: a presenter that drifts
 * from the document fails the test file that exercised it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import { buildOpenApiDocument } from '../../api/openapi';

type Json = Record<string, any>;
interface Operation {
  method: string;
  pattern: RegExp;
  literalSegments: number;
  path: string;
  responses: Json;
}

/** Objects that list their properties get additionalProperties: false, so an undocumented field is caught. */
function closeObjects(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(closeObjects);
  if (!node || typeof node !== 'object') return;
  const schema = node as Json;
  if (schema.type === 'object' && schema.properties && schema.additionalProperties === undefined) {
    schema.additionalProperties = false;
  }
  for (const value of Object.values(schema)) closeObjects(value);
}

function loadDocument() {
  const doc = JSON.parse(JSON.stringify(buildOpenApiDocument())) as Json;
  closeObjects(doc.components);
  closeObjects(doc.paths);
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  ajv.addSchema({ $id: 'openapi', components: doc.components });
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Json)) {
    for (const [method, op] of Object.entries(item as Json)) {
      const segments = path.split('/');
      operations.push({
        method: method.toUpperCase(),
        path,
        literalSegments: segments.filter((s) => !s.startsWith('{')).length,
        pattern: new RegExp(`^${segments.map((s) => (s.startsWith('{') ? '[^/]+' : s)).join('/')}$`),
        responses: (op as Json).responses,
      });
    }
  }
  // The most literal path first: /api/data-sources/search before /api/data-sources/{id}.
  operations.sort((a, b) => b.literalSegments - a.literalSegments);
  const validators = new Map<object, ValidateFunction>();
  const validatorFor = (schema: Json) => {
    let v = validators.get(schema);
    if (!v) {
      // References point into the document's components, registered above under $id "openapi".
      const rewritten = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/'));
      v = ajv.compile(rewritten);
      validators.set(schema, v);
    }
    return v;
  };
  return { operations, validatorFor };
}

let loaded: ReturnType<typeof loadDocument> | undefined;

/** What one response broke, if anything. */
export function checkResponse(
  method: string,
  path: string,
  status: number,
  contentType: string | undefined,
  body: string,
): string | undefined {
  loaded ??= loadDocument();
  const op = loaded.operations.find((o) => o.method === method && o.pattern.test(path));
  if (!op) return undefined; // not an API operation (unknown route, the console's static files)
  const where = `${method} ${path} → ${status}`;
  const documented = op.responses[String(status)] ?? (status >= 400 ? op.responses.default : undefined);
  if (!documented) return `${where}: status not documented for ${method} ${op.path}`;
  const content = documented.content as Json | undefined;
  if (!content) return body.length > 0 && status !== 303 ? `${where}: a body where none is documented` : undefined;
  const media = (contentType ?? '').split(';')[0]!.trim();
  const entry = content[media];
  if (!entry) return `${where}: content type ${media || '(none)'} is not one of ${Object.keys(content).join(', ')}`;
  if (media !== 'application/json') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `${where}: body is not JSON`;
  }
  const validate = loaded.validatorFor(entry.schema);
  if (validate(parsed)) return undefined;
  const errors = (validate.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
  return `${where}: body does not match ${op.path}: ${errors.join('; ')}`;
}

const MAX_CAPTURE = 8 * 1024 * 1024;

/** Wraps a request listener: every response is captured as it is written and checked when it finishes. */
export function withResponseCheck(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  violations: string[],
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    // Read now: Express rewrites req.url while it routes into sub-routers.
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const chunks: Buffer[] = [];
    let size = 0;
    const capture = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function' || size > MAX_CAPTURE) return;
      const buf = Buffer.isBuffer(chunk)
        ? chunk
        : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
      size += buf.length;
      chunks.push(buf);
    };
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.write = ((...args: unknown[]) => {
      capture(args[0], args[1]);
      return write(...args);
    }) as typeof res.write;
    res.end = ((...args: unknown[]) => {
      capture(args[0], args[1]);
      return end(...args);
    }) as typeof res.end;
    res.on('finish', () => {
      const type = res.getHeader('content-type');
      if (String(type ?? '').startsWith('text/event-stream')) return; // a stream; its events are not bodies
      if (size > MAX_CAPTURE) return;
      const problem = checkResponse(
        req.method ?? 'GET',
        path,
        res.statusCode,
        type === undefined ? undefined : String(type),
        Buffer.concat(chunks).toString('utf8'),
      );
      if (problem) violations.push(problem);
    });
    handler(req, res);
  };
}

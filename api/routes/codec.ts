/**
 * The Temporal UI's remote codec endpoint (Temporal UI → settings → "Codec Server", or the dev server's
 * `--ui-codec-endpoint`): POST /codec/decode and /codec/encode take and answer `{ payloads: [{ metadata:
 * { key: base64 }, data: base64 }] }` (Temporal's remote codec protocol) through lib/payload-codec.ts.
 *
 * Authorisation: an operator token, CODEC_AUTH_TOKEN (without it the endpoint is off and answers 404), sent as
 * `Authorization: Bearer <token>` or as a path segment, `/codec/<token>/decode`: the Temporal UI cannot add our
 * header (it only forwards its own login token), so operators set the codec endpoint to `…/codec/<token>`.
 * CORS allows the configured Temporal UI origins (CODEC_CORS_ORIGINS).
 */
import { timingSafeEqual } from 'node:crypto';
import express, { Router, type RequestHandler } from 'express';
import type { Payload } from '@temporalio/common';
import { type z } from 'zod';
import type { ApiDeps } from '../deps';
import { AppError } from '../errors';
import { parseBody } from '../validate';
import { codecBody } from '../schemas/codec';

type JsonPayload = z.infer<typeof codecBody>['payloads'][number];

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))]),
  ),
  data: new Uint8Array(Buffer.from(p.data ?? '', 'base64')),
});
const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function createCodecRouter(deps: Pick<ApiDeps, 'observability'>): Router {
  const { codec, codecAuthToken, codecCorsOrigins } = deps.observability;
  const router = Router();

  const cors: RequestHandler = (req, res, next) => {
    const origin = req.get('origin');
    if (origin && codecCorsOrigins.includes(origin)) {
      res.set({
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Allow-Methods': 'POST, OPTIONS',
        'Access-Control-Allow-Headers': 'Content-Type, Authorization, X-Namespace',
        'Access-Control-Max-Age': '600',
        Vary: 'Origin',
      });
    }
    if (req.method === 'OPTIONS') return void res.status(204).end();
    next();
  };
  const authorise: RequestHandler = (req, _res, next) => {
    if (!codecAuthToken)
      throw new AppError(404, 'NOT_FOUND', 'the codec endpoint is not enabled (set CODEC_AUTH_TOKEN)');
    const header = req.get('authorization') ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : String(req.params.token ?? '');
    if (!token || !sameToken(token, codecAuthToken))
      throw new AppError(401, 'UNAUTHORIZED', 'a valid operator token is required');
    next();
  };

  const body = express.json({ limit: '8mb' });
  const decode: RequestHandler = async (req, res) => {
    const { payloads } = parseBody(codecBody, req);
    res.json({ payloads: (await codec.decode(payloads.map(fromJson))).map(toJson) });
  };
  const encode: RequestHandler = async (req, res) => {
    const { payloads } = parseBody(codecBody, req);
    res.json({ payloads: (await codec.encode(payloads.map(fromJson))).map(toJson) });
  };
  router.use(cors);
  router.post('/decode', authorise, body, decode);
  router.post('/encode', authorise, body, encode);
  router.post('/:token/decode', authorise, body, decode);
  router.post('/:token/encode', authorise, body, encode);
  return router;
}

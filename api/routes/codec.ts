/**
 * The Temporal UI's remote codec endpoint (Temporal UI → Data Encoder → "Codec Server", or the dev server's
 * `--ui-codec-endpoint`): POST /codec/decode and /codec/encode take and answer `{ payloads: [{ metadata:
 * { key: base64 }, data: base64 }] }` (Temporal's remote codec protocol) through lib/payload-codec.ts.
 *
 * Authorisation: the operator token CODEC_AUTH_TOKEN (without it the endpoint is off and answers 404), never in a
 * URL (it would land in logs and browser history), in one of the two ways the Temporal UI can send credentials:
 * - `Authorization: Bearer <token>`: scripts, proxies, and a UI behind a proxy that adds the header;
 * - a codec session cookie, for the UI's "Include cross-origin credentials" setting: the operator signs in once at
 *   `GET /codec/session` (a form posting the token to `POST /codec/session`), which sets the HttpOnly cookie
 *   `recomamp_codec` (path /codec, CODEC_SESSION_SECONDS, SameSite per CODEC_COOKIE_SAME_SITE). Its value is an
 *   expiry signed with an HMAC keyed by the token: changing the token ends every session. A request carrying only
 *   the cookie must come from an allowed origin (CODEC_CORS_ORIGINS) or from no browser at all (CSRF).
 * CORS allows the configured Temporal UI origins with credentials. Answers are never cached.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Payload } from '@temporalio/common';
import { type z } from 'zod';
import { markAuth } from '../auth';
import type { ApiDeps } from '../deps';
import { AppError } from '../errors';
import { readCookie } from '../login-cookie';
import { parseBody } from '../validate';
import { codecBody, codecSessionBody } from '../schemas/codec';

type JsonPayload = z.infer<typeof codecBody>['payloads'][number];

export const CODEC_COOKIE = 'recomamp_codec';

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

/** `v1.<expiry ms>.<hmac>`: a session the token itself vouches for (no server state). */
function sessionValue(token: string, expiresAtMs: number): string {
  const mac = createHmac('sha256', token).update(`recomamp-codec-session.${expiresAtMs}`).digest('base64url');
  return `v1.${expiresAtMs}.${mac}`;
}
function validSession(token: string, value: string | undefined): boolean {
  const m = /^v1\.(\d{1,16})\.[A-Za-z0-9_-]{43}$/.exec(value ?? '');
  if (!m) return false;
  const expiresAtMs = Number(m[1]);
  return expiresAtMs > Date.now() && sameToken(value!, sessionValue(token, expiresAtMs));
}

const SIGN_IN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>RecomAMP codec sign-in</title></head>
<body><h1>RecomAMP codec</h1>
<p>Sign in with the operator token (CODEC_AUTH_TOKEN) so the Temporal UI can decode payloads through this endpoint
with its "Include cross-origin credentials" setting.</p>
<form method="post" action="session"><label>Operator token <input type="password" name="token" autocomplete="off" required></label>
<button type="submit">Sign in</button></form></body></html>`;

function page(res: Response, status: number, html: string): void {
  res
    .status(status)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': "default-src 'none'; form-action 'self'; frame-ancestors 'none'",
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    })
    .send(html);
}

export function createCodecRouter(deps: Pick<ApiDeps, 'observability'>): Router {
  const { codec, codecAuthToken, codecCorsOrigins, codecSession } = deps.observability;
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
    res.set({ 'Cache-Control': 'no-store' });
    if (req.method === 'OPTIONS') return void res.status(204).end();
    next();
  };
  const enabled = (): string => {
    if (!codecAuthToken)
      throw new AppError(404, 'NOT_FOUND', 'the codec endpoint is not enabled (set CODEC_AUTH_TOKEN)');
    return codecAuthToken;
  };
  const authorise = markAuth((req: Request, _res: Response, next: () => void) => {
    const token = enabled();
    const header = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    if (header) {
      if (!sameToken(header[1]!, token)) throw new AppError(401, 'UNAUTHORIZED', 'a valid operator token is required');
      return next();
    }
    if (!validSession(token, readCookie(req, CODEC_COOKIE))) {
      throw new AppError(401, 'UNAUTHORIZED', 'a valid operator token or codec session is required');
    }
    const origin = req.get('origin');
    if (origin && !codecCorsOrigins.includes(origin)) {
      throw new AppError(403, 'ORIGIN_NOT_ALLOWED', 'this origin may not use the codec session (CODEC_CORS_ORIGINS)');
    }
    next();
  }, 'operator');

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

  /** The operator's sign-in form (no script: a plain form post). */
  router.get('/session', (_req, res) => {
    enabled();
    page(res, 200, SIGN_IN_PAGE);
  });
  /** The token from the form (or JSON) → the codec session cookie. */
  router.post(
    '/session',
    express.urlencoded({ extended: false, limit: '4kb' }),
    express.json({ limit: '4kb' }),
    (req, res) => {
      const expected = enabled();
      const { token } = parseBody(codecSessionBody, req);
      if (!sameToken(token, expected)) throw new AppError(401, 'UNAUTHORIZED', 'a valid operator token is required');
      const expiresAtMs = Date.now() + codecSession.seconds * 1000;
      res.cookie(CODEC_COOKIE, sessionValue(expected, expiresAtMs), {
        httpOnly: true,
        secure: codecSession.secure,
        sameSite: codecSession.sameSite,
        path: '/codec',
        maxAge: codecSession.seconds * 1000,
      });
      page(
        res,
        200,
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>RecomAMP codec</title></head>
<body><p>Codec session started, valid until ${new Date(expiresAtMs).toISOString()}. The Temporal UI can now decode
payloads (Data Encoder: this endpoint, "Include cross-origin credentials" on).</p></body></html>`,
      );
    },
  );
  /** Ends the codec session of this browser. */
  router.delete('/session', (_req, res) => {
    res.clearCookie(CODEC_COOKIE, { path: '/codec', secure: codecSession.secure, sameSite: codecSession.sameSite });
    res.status(204).end();
  });
  return router;
}

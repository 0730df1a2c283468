/**
 * The web console (web/, built to web/dist by `npm run build:web`): static files at /, index.html for every
 * client route (SPA fallback). The console is a client of the REST API like any other; it uses no route of its
 * own. index.html is filled per response with a fresh CSP nonce (Vite's placeholder: styles injected at run time
 * carry it) and where the Temporal Web UI is; hashed assets are cached for a year.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express, { Router, type Request, type Response } from 'express';
import helmet from 'helmet';
import { projectRoot } from '../scripts/project-root';

/** Where `npm run build:web` writes the console (from sources or compiled: dist/api/ is one level deeper). */
export const CONSOLE_DIST = path.join(projectRoot(__dirname), 'web/dist');

export interface ConsoleSettings {
  /** The built console (default web/dist); a missing build answers 503 CONSOLE_NOT_BUILT on /. */
  dir: string;
  /** The Temporal Web UI's base URL, for "view in Temporal UI" links. */
  temporalUiUrl: string;
  temporalNamespace: string;
}

/** Paths that belong to the API, never to the console's client routes. */
const API_PATHS = /^\/(api|codec|docs|openapi\.json|health|ready|metrics)(\/|$)/;

const escapeAttr = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The console page's CSP: scripts and fonts from this origin only, styles from this origin or carrying this
 * response's nonce (Mantine's CSS variables, CodeMirror's themes), API calls to this origin, no framing.
 */
function consoleCsp(nonce: string) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", `'nonce-${nonce}'`],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
}

export function createConsoleRouter(settings: ConsoleSettings): Router {
  const router = Router();
  const indexPath = path.join(settings.dir, 'index.html');
  let template: string | undefined;
  const page = (nonce: string) => {
    template ??= fs.readFileSync(indexPath, 'utf8');
    return template
      .replaceAll('__CSP_NONCE__', nonce)
      .replaceAll('__TEMPORAL_UI_URL__', escapeAttr(settings.temporalUiUrl))
      .replaceAll('__TEMPORAL_NAMESPACE__', escapeAttr(settings.temporalNamespace));
  };
  const wantsPage = (req: Request) =>
    (req.method === 'GET' || req.method === 'HEAD') && !API_PATHS.test(req.path) && isBrowserNavigation(req);

  router.use(
    '/assets',
    express.static(path.join(settings.dir, 'assets'), { immutable: true, maxAge: '365d', fallthrough: true }),
  );
  router.use((req, res, next) => {
    if (!wantsPage(req) || path.extname(req.path) !== '') return next();
    if (!fs.existsSync(indexPath)) {
      res.status(503).json({
        error: { code: 'CONSOLE_NOT_BUILT', message: 'the web console is not built: run `npm run build:web`' },
      });
      return;
    }
    const nonce = randomBytes(18).toString('base64');
    consoleCsp(nonce)(req, res, () => {
      res.set('Cache-Control', 'no-cache').type('html').send(page(nonce));
    });
  });
  return router;
}

/** A browser loading a page names text/html in Accept; API clients (fetch's `*\/*`, curl) do not. */
export const isBrowserNavigation = (req: Request) => /\btext\/html\b/.test(req.headers.accept ?? '');

/**
 * The login callback's answer to a browser: the console's /auth/callback with the session in the URL fragment,
 * which browsers never send to a server (so it reaches no log); an error goes the same way as #error=&message=.
 */
export function handOffToConsole(
  res: Response,
  outcome: { accessToken: string; refreshToken: string; expiresIn: number } | { error: string; message: string },
): void {
  const fragment = new URLSearchParams(
    'error' in outcome
      ? { error: outcome.error, message: outcome.message }
      : {
          accessToken: outcome.accessToken,
          refreshToken: outcome.refreshToken,
          expiresIn: String(outcome.expiresIn),
        },
  );
  res.set('Cache-Control', 'no-store').redirect(303, `/auth/callback#${fragment}`);
}

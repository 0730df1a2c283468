/**
 * The cookie that binds a Login-with-Amazon `state` to the client that started the login (login CSRF):
 * `GET /api/auth/amazon/login` sets it, the callback must bring it back. HttpOnly (scripts never see it),
 * SameSite=Lax (a browser sends it on the top-level redirect back from Amazon, but not on cross-site subrequests),
 * scoped to the callback's directory, as long-lived as a state, Secure when the API is served over https. A client
 * that already holds a well-formed one keeps it, so two logins started in two tabs both complete.
 */
import { randomBytes } from 'node:crypto';
import type { CookieOptions, Request, Response } from 'express';

export const LOGIN_COOKIE = 'recomamp_login';
const WELL_FORMED = /^[A-Za-z0-9_-]{43}$/;

export interface LoginCookieSettings {
  /** The directory of the callback path (LWA_REDIRECT_URI), e.g. `/api/auth/amazon`. */
  path: string;
  secure: boolean;
  maxAgeSeconds: number;
}

/** Cookie settings from the redirect URI the callback is reached at. */
export function loginCookieSettings(redirectUri: string, maxAgeSeconds: number): LoginCookieSettings {
  const url = new URL(redirectUri);
  const path = url.pathname.replace(/\/[^/]*$/, '') || '/';
  return { path, secure: url.protocol === 'https:', maxAgeSeconds };
}

/** The named cookie of a request (no cookie parser: this is the only cookie the API reads). */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The request's login binding when it carries a well-formed one. */
export function loginBindingOf(req: Request): string | undefined {
  const value = readCookie(req, LOGIN_COOKIE);
  return value && WELL_FORMED.test(value) ? value : undefined;
}

/** Keeps the client's binding (or mints one) and (re)sets the cookie; returns the binding. */
export function bindLogin(req: Request, res: Response, settings: LoginCookieSettings): string {
  const binding = loginBindingOf(req) ?? randomBytes(32).toString('base64url');
  const options: CookieOptions = {
    httpOnly: true,
    sameSite: 'lax',
    secure: settings.secure,
    path: settings.path,
    maxAge: settings.maxAgeSeconds * 1000,
  };
  res.cookie(LOGIN_COOKIE, binding, options);
  return binding;
}

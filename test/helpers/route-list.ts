/** Every method + path the Express app serves, read from its router stack (for route-by-route matrices). */
import type express from 'express';
import { AUTH_REQUIREMENT, type AuthRequirement } from '../../api/auth';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: string;
}

export function listRoutes(app: express.Express): Array<{ method: string; path: string }> {
  const out: Array<{ method: string; path: string }> = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods))
          out.push({ method: method.toUpperCase(), path: prefix + layer.route.path });
      } else if (layer.handle?.stack) {
        walk(
          layer.handle.stack,
          prefix + (typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : ''),
        );
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return out;
}

/** What a route requires of its caller, read from the middleware in front of it (api/auth.ts markAuth). */
export type RouteAuth = 'public' | AuthRequirement;

interface AuthLayer extends Layer {
  route?: Layer['route'] & { stack?: { handle?: Record<symbol, unknown> }[] };
  handle?: Layer['handle'] & Record<symbol, unknown>;
}

/**
 * Every method + path with its auth requirement: a route is `bearer`/`operator` when a marked middleware runs
 * before it (mounted on a path that covers it, earlier in the stack) or in its own handler chain; else `public`.
 */
export function listRoutesWithAuth(app: express.Express): Array<{ method: string; path: string; auth: RouteAuth }> {
  const out: Array<{ method: string; path: string; auth: RouteAuth }> = [];
  const covers = (prefix: string, path: string) => prefix === '' || path === prefix || path.startsWith(`${prefix}/`);
  const walk = (stack: AuthLayer[], prefix: string, inherited: { prefix: string; auth: AuthRequirement }[]) => {
    const active = [...inherited];
    for (const layer of stack) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      if (layer.route) {
        const path = prefix + layer.route.path;
        const own = layer.route.stack
          ?.map((l) => l.handle?.[AUTH_REQUIREMENT] as AuthRequirement | undefined)
          .find(Boolean);
        const auth = own ?? active.find((a) => covers(a.prefix, path))?.auth ?? 'public';
        for (const method of Object.keys(layer.route.methods)) out.push({ method: method.toUpperCase(), path, auth });
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack as AuthLayer[], prefix + mount, active);
      } else if (layer.handle?.[AUTH_REQUIREMENT]) {
        active.push({ prefix: prefix + mount, auth: layer.handle[AUTH_REQUIREMENT] as AuthRequirement });
      }
    }
  };
  walk((app as unknown as { router: { stack: AuthLayer[] } }).router.stack, '', []);
  return out;
}

/**
 * Login with Amazon and API sessions (contract: Auth). These routes act before (or about) the caller's identity,
 * so they use the owner connection (deps.systemRepos); the app role may not even read refresh tokens or states.
 */
import { Router } from 'express';
import { completeAmazonSignIn, startAmazonSignIn } from '../../services/amazon-sign-in';
import { currentSessionId, currentUserId, requireAuth } from '../auth';
import type { ApiDeps } from '../deps';
import { notFound } from '../errors';
import { bindLogin, loginBindingOf } from '../login-cookie';
import { presentUser } from '../presenters';
import { callbackQuery, logoutBody, refreshBody } from '../schemas/auth';
import { parseBody, parseQuery } from '../validate';

export function createAuthRouter(deps: ApiDeps): Router {
  const router = Router();

  // Tokens, states and session answers are never stored by browsers or proxies.
  router.use((_req, res, next) => {
    res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
    next();
  });

  router.get('/amazon/login', async (req, res) => {
    const binding = bindLogin(req, res, deps.settings.loginCookie);
    res.json(await startAmazonSignIn(deps, binding));
  });

  router.get('/amazon/callback', async (req, res) => {
    const user = await completeAmazonSignIn(deps, parseQuery(callbackQuery, req), loginBindingOf(req));
    const session = await deps.sessions.start(user.id);
    res.json({ ...session, user: { id: user.id, email: user.email, name: user.name } });
  });

  router.post('/refresh', async (req, res) => {
    const { refreshToken } = parseBody(refreshBody, req);
    res.json(await deps.sessions.refresh(refreshToken));
  });

  const bearer = requireAuth(deps.accessTokens, deps.sessions.isOpen);

  router.get('/user', bearer, async (_req, res) => {
    const user = await deps.systemRepos.users.findById(currentUserId(res));
    if (!user) throw notFound('user');
    res.json(presentUser(user));
  });

  /** Ends the caller's session: its access tokens stop working at once, its refresh tokens are revoked. */
  router.post('/logout', bearer, async (req, res) => {
    const { refreshToken } = parseBody(logoutBody, req);
    await deps.sessions.logout(currentUserId(res), currentSessionId(res), refreshToken);
    res.status(204).end();
  });

  return router;
}

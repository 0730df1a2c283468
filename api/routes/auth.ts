/**
 * Login with Amazon and API sessions (contract: Auth). These routes act before (or about) the caller's identity,
 * so they use the owner connection (deps.systemRepos); the app role may not even read refresh tokens or states.
 */
import { Router, type Request } from 'express';
import { completeAmazonSignIn, startAmazonSignIn } from '../../services/amazon-sign-in';
import { currentSessionId, currentUserId, requireAuth } from '../auth';
import { handOffToConsole, isBrowserNavigation } from '../console';
import type { ApiDeps } from '../deps';
import { notFound, toAppError } from '../errors';
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

  async function signIn(req: Request) {
    const user = await completeAmazonSignIn(deps, parseQuery(callbackQuery, req), loginBindingOf(req));
    const session = await deps.sessions.start(user.id);
    return { ...session, user: { id: user.id, email: user.email, name: user.name } };
  }

  router.get('/amazon/callback', async (req, res, next) => {
    if (!isBrowserNavigation(req)) return void res.json(await signIn(req));
    // A browser (the console's sign-in) is sent to the console, with the session or the error in the fragment.
    try {
      handOffToConsole(res, await signIn(req));
    } catch (err) {
      const { code, message, status } = toAppError(err);
      if (status >= 500) return next(err);
      handOffToConsole(res, { error: code, message });
    }
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

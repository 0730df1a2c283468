/**
 * /auth/callback: the API's login callback redirected a browser here with the session in the URL fragment
 * (#accessToken=…&refreshToken=…&expiresIn=…, or #error=…&message=…). Read once, before the app renders, and
 * removed from the address bar and history at once; the fragment never reaches a server or a log.
 */
import { setSession, sessionFromTokens } from '../api/session';
import { takeReturnPath } from './login';

/** The sign-in error to show, if the callback carried one. */
export function consumeAuthCallback(): string | undefined {
  if (location.pathname !== '/auth/callback') return undefined;
  const fragment = new URLSearchParams(location.hash.slice(1));
  const accessToken = fragment.get('accessToken');
  const refreshToken = fragment.get('refreshToken');
  if (accessToken && refreshToken) {
    setSession(sessionFromTokens({ accessToken, refreshToken, expiresIn: Number(fragment.get('expiresIn') ?? 900) }));
    history.replaceState(null, '', takeReturnPath());
    return undefined;
  }
  history.replaceState(null, '', '/');
  return fragment.get('message') ?? fragment.get('error') ?? 'the sign-in did not complete';
}

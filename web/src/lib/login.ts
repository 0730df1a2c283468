/** Sign in (and reconnect) with Amazon: the API's login URL, then Amazon (the simulator locally) sends the browser back through the API's callback, which hands the session to /auth/callback in the URL fragment. */
import { api, unwrap } from '../api/client';

const RETURN_KEY = 'recomamp.returnTo';

export async function startAmazonLogin(): Promise<void> {
  sessionStorage.setItem(
    RETURN_KEY,
    location.pathname === '/auth/callback' ? '/' : location.pathname + location.search,
  );
  const { authorizationUrl } = await unwrap(api.GET('/api/auth/amazon/login'));
  location.assign(authorizationUrl);
}

export function takeReturnPath(): string {
  const path = sessionStorage.getItem(RETURN_KEY) ?? '/';
  sessionStorage.removeItem(RETURN_KEY);
  return path.startsWith('/') && !path.startsWith('//') ? path : '/';
}

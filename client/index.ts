/**
 * The typed RecomAMP client: openapi-fetch over the types generated from the OpenAPI document
 * (client/schema.gen.ts). Paths, parameters, bodies and responses are checked by TypeScript; the console (web/)
 * and REST users share it. Example (README "Typed client"):
 *
 *   const api = createRecomampClient({ baseUrl: 'http://127.0.0.1:3000', accessToken: () => token });
 *   const { data, error } = await api.GET('/api/executions/{id}', { params: { path: { id } } });
 */
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, operations, paths } from './schema.gen';

export type { components, operations, paths };
/** The named schemas: `Schemas['Execution']`, `Schemas['SavedQueryInput']`, … */
export type Schemas = components['schemas'];
export type ApiErrorBody = Schemas['Error'];
export type RecomampClient = Client<paths>;

export interface RecomampClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** The API's origin, e.g. http://127.0.0.1:3000 ('' in a browser on the same origin). */
  baseUrl: string;
  /** The bearer token for /api/* (a function is asked on every request, so a refreshed token is used at once). */
  accessToken?: string | (() => string | undefined);
}

export function createRecomampClient(options: RecomampClientOptions): RecomampClient {
  const { accessToken, ...rest } = options;
  const client = createClient<paths>(rest);
  if (accessToken !== undefined) {
    client.use({
      onRequest({ request }) {
        const token = typeof accessToken === 'function' ? accessToken() : accessToken;
        if (token) request.headers.set('Authorization', `Bearer ${token}`);
        return request;
      },
    });
  }
  return client;
}

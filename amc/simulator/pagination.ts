/** List paging shared by the reporting and admin routes: `limit` 1–100 (default 100), opaque `nextToken`. */
import { SimHttpError } from './responses';

export function paginate<T>(items: T[], query: Record<string, unknown>): { page: T[]; nextToken?: string } {
  const rawLimit = query.limit;
  const limit = rawLimit === undefined || rawLimit === '' ? 100 : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw new SimHttpError(400, 'limit must be an integer between 1 and 100');
  const token = typeof query.nextToken === 'string' ? query.nextToken : '';
  let offset = 0;
  if (token !== '') {
    const decoded = /^o:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!decoded) throw new SimHttpError(400, 'Invalid nextToken');
    offset = Number(decoded[1]);
  }
  const page = items.slice(offset, offset + limit);
  const next = offset + limit < items.length ? Buffer.from(`o:${offset + limit}`).toString('base64url') : undefined;
  return { page, nextToken: next };
}

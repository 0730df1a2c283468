/**
 * json or csv for a results route: `?format=` when given, else the request's `Accept` header (no header, or
 * `*\/*`, is JSON). An Accept that allows neither is a 406 NOT_ACCEPTABLE.
 */
import type { Request, Response } from 'express';
import { AppError } from './errors';

export type ResultFormat = 'json' | 'csv';

export function resultFormat(req: Request, res: Response, explicit: ResultFormat | undefined): ResultFormat {
  res.vary('Accept');
  if (explicit) return explicit;
  const chosen = req.accepts(['application/json', 'text/csv']);
  if (!chosen) {
    throw new AppError(406, 'NOT_ACCEPTABLE', 'results are served as application/json or text/csv', {
      accept: req.get('accept') ?? null,
    });
  }
  return chosen === 'text/csv' ? 'csv' : 'json';
}

/** A CSV download's headers. */
export const csvHeaders = (res: Response, filename: string) => {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
};

/**
 * An idempotency key is bound to the request it was first sent with (issue 16 finding 3): the request's canonical
 * form is stored with the key, and a later request with the same key but another body is refused, naming what
 * differs (the way payment APIs treat their idempotency keys). Pure.
 */

/** What an execute request asked for, canonically: parameters by name, the window as given (null when omitted). */
export interface ExecutionRequest {
  parameters: Record<string, unknown>;
  timeWindowStart: string | null;
  timeWindowEnd: string | null;
}

export function executionRequest(input: {
  parameters: Record<string, unknown>;
  timeWindowStart?: Date | undefined;
  timeWindowEnd?: Date | undefined;
}): ExecutionRequest {
  return {
    parameters: canonical(input.parameters) as Record<string, unknown>,
    timeWindowStart: input.timeWindowStart?.toISOString() ?? null,
    timeWindowEnd: input.timeWindowEnd?.toISOString() ?? null,
  };
}

export interface RequestDifference {
  /** `timeWindowStart`, `timeWindowEnd` or `parameters.<name>`. */
  field: string;
  first: unknown;
  now: unknown;
}

/** Where `now` differs from the request the key was first used with (empty: the same request). */
export function requestDifferences(first: ExecutionRequest, now: ExecutionRequest): RequestDifference[] {
  const out: RequestDifference[] = [];
  for (const field of ['timeWindowStart', 'timeWindowEnd'] as const) {
    if (first[field] !== now[field]) out.push({ field, first: first[field], now: now[field] });
  }
  const names = [...new Set([...Object.keys(first.parameters), ...Object.keys(now.parameters)])].sort();
  for (const name of names) {
    const a = first.parameters[name];
    const b = now.parameters[name];
    if (JSON.stringify(canonical(a)) !== JSON.stringify(canonical(b))) {
      out.push({ field: `parameters.${name}`, first: a ?? null, now: b ?? null });
    }
  }
  return out;
}

/** Objects with their keys sorted (recursively), so equal requests serialise equally. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/**
 * Where a webhook may be sent (SSRF): a user chooses the URL and our worker sends to it, so it must never reach
 * our own network. The rule is one function, used when a webhook is created or changed (the API's 400
 * WEBHOOK_URL_NOT_ALLOWED) and again at every delivery:
 * - http or https (https only in production), no user:password in the URL;
 * - the host is a literal public IP, or a name every address of which is public (lib/ip-address.ts: loopback,
 *   private, link-local incl. 169.254.169.254, CGNAT, multicast, unspecified, broadcast, reserved, documentation,
 *   and their IPv6 equivalents and IPv4-mapped/NAT64 forms are refused);
 * - at delivery the connection goes to an address this check approved, through the socket's own `lookup`: a
 *   name that resolves somewhere else by then (DNS rebinding) is refused without connecting;
 * - redirects are not followed, and what the user sees of a failure is a fixed sentence, never the receiver's
 *   words or our network's (no port scanner).
 *
 * `allowLoopback` (WEBHOOK_ALLOW_LOOPBACK_TARGETS) lets tests deliver to a receiver on 127.0.0.1/::1; production
 * refuses to start with it (config.ts).
 */
import type { LookupAddress, LookupOptions } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { classifyAddress, parseIp, type AddressClass } from '../lib/ip-address';

export type ResolveHost = (hostname: string) => Promise<LookupAddress[]>;

export interface WebhookTargetRules {
  /** Production: https only. */
  httpsOnly: boolean;
  /** Tests only: receivers on loopback (127.0.0.0/8, ::1) are allowed; nothing else internal ever is. */
  allowLoopback: boolean;
  /** Name resolution (every address of the name is checked); the system resolver unless a test injects one. */
  resolve: ResolveHost;
}

export const systemResolver: ResolveHost = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** The rules from configuration (config.webhooks), for the API and the worker alike. */
export function webhookTargetRules(
  settings: { httpsOnly: boolean; allowLoopbackTargets: boolean },
  resolve: ResolveHost = systemResolver,
): WebhookTargetRules {
  return { httpsOnly: settings.httpsOnly, allowLoopback: settings.allowLoopbackTargets, resolve };
}

/** The URL may not be used; `message` is safe to show its owner. */
export class WebhookUrlNotAllowedError extends Error {
  constructor(
    message: string,
    readonly reason: 'SCHEME' | 'CREDENTIALS' | 'ADDRESS' | 'UNRESOLVABLE',
  ) {
    super(message);
    this.name = 'WebhookUrlNotAllowedError';
  }
}

const ADDRESS_WORDS: Record<Exclude<AddressClass, 'public'>, string> = {
  loopback: 'a loopback address',
  private: 'a private-network address',
  'link-local': 'a link-local address (this includes cloud metadata services)',
  cgnat: 'a carrier-grade NAT address',
  multicast: 'a multicast address',
  unspecified: 'the unspecified address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved address',
  documentation: 'a documentation address',
  benchmarking: 'a benchmarking address',
  'unique-local': 'a unique-local (private) IPv6 address',
  'nat64-local': 'a local NAT64 address',
  'not-an-ip': 'an address that is not an IP address',
};

/** Whether one resolved or literal address may be connected to. */
function allowed(
  rules: WebhookTargetRules,
  address: string,
): { ok: true } | { ok: false; kind: Exclude<AddressClass, 'public'> } {
  const kind = classifyAddress(address);
  if (kind === 'public' || (kind === 'loopback' && rules.allowLoopback)) return { ok: true };
  return { ok: false, kind };
}

/** The URL's host without IPv6 brackets. */
const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/** The checks that need no resolver: scheme, credentials, and a literal IP host. */
function checkUrlShape(rules: WebhookTargetRules, raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookUrlNotAllowedError('the webhook URL is not a valid URL', 'SCHEME');
  }
  const schemes = rules.httpsOnly ? ['https:'] : ['https:', 'http:'];
  if (!schemes.includes(url.protocol)) {
    throw new WebhookUrlNotAllowedError(
      `webhook URLs must use ${rules.httpsOnly ? 'https' : 'http or https'}`,
      'SCHEME',
    );
  }
  if (url.username || url.password) {
    throw new WebhookUrlNotAllowedError('webhook URLs may not carry a user name or password', 'CREDENTIALS');
  }
  if (parseIp(hostOf(url))) {
    const verdict = allowed(rules, hostOf(url));
    if (!verdict.ok) {
      throw new WebhookUrlNotAllowedError(`the webhook URL points at ${ADDRESS_WORDS[verdict.kind]}`, 'ADDRESS');
    }
  }
  return url;
}

/** Every address of `hostname` that may be connected to; throws unless all of them may. */
async function resolveAllowed(rules: WebhookTargetRules, hostname: string): Promise<LookupAddress[]> {
  let addresses: LookupAddress[];
  try {
    addresses = await rules.resolve(hostname);
  } catch {
    addresses = [];
  }
  // One message for "does not resolve" and "resolves inside": the API must not tell which internal names exist.
  const refusal = new WebhookUrlNotAllowedError(
    `the webhook host ${hostname} does not resolve to public internet addresses only`,
    addresses.length === 0 ? 'UNRESOLVABLE' : 'ADDRESS',
  );
  if (addresses.length === 0 || addresses.some((a) => !allowed(rules, a.address).ok)) throw refusal;
  return addresses;
}

/** The create/update check (POST/PATCH /api/webhooks): throws WebhookUrlNotAllowedError with a message to show. */
export async function checkWebhookUrl(rules: WebhookTargetRules, raw: string): Promise<URL> {
  const url = checkUrlShape(rules, raw);
  if (!parseIp(hostOf(url))) await resolveAllowed(rules, hostOf(url));
  return url;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A socket `lookup` that resolves with the rules' resolver, checks every address, and hands the socket only
 * approved ones: the connection goes where the check looked (no window for DNS rebinding).
 */
export function checkedLookup(rules: WebhookTargetRules) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolveAllowed(rules, hostname).then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? options.family : undefined;
        const usable = wanted ? addresses.filter((a) => a.family === wanted) : addresses;
        if (usable.length === 0) {
          callback(Object.assign(new Error(`no IPv${wanted} address for ${hostname}`), { code: 'ENOTFOUND' }), '');
        } else if (options.all) callback(null, usable);
        else callback(null, usable[0]!.address, usable[0]!.family);
      },
      (err: unknown) => callback(err as NodeJS.ErrnoException, ''),
    );
  };
}

export interface WebhookPost {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/** The receiver's status code, or a failure whose message is safe to show (never the receiver's body). */
export type WebhookPostResult = { status: number } | { failure: string; notAllowed?: true };

/** A failure of the request itself, in words that reveal nothing about where it went. */
function describeFailure(err: unknown): string {
  const code = (err as { code?: string } | null)?.code ?? '';
  const name = (err as Error | null)?.name;
  if (code === 'ETIMEDOUT' || name === 'TimeoutError' || name === 'AbortError') {
    return 'the receiver did not answer in time';
  }
  if (code.startsWith('ERR_TLS') || /CERT|SSL|TLS/.test(code)) return 'the TLS handshake with the receiver failed';
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return 'the receiver could not be reached';
  }
  return 'the request to the receiver failed';
}

/**
 * POSTs a delivery under the rules: the URL is checked first (a literal IP before any connection, a name by the
 * socket's lookup), redirects are answered as they are (a 3xx is a failed attempt), the response body is drained
 * and dropped.
 */
export async function postWebhook(
  rules: WebhookTargetRules,
  raw: string,
  post: WebhookPost,
): Promise<WebhookPostResult> {
  let url: URL;
  try {
    url = checkUrlShape(rules, raw);
  } catch (err) {
    if (err instanceof WebhookUrlNotAllowedError) return { failure: err.message, notAllowed: true };
    throw err;
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<WebhookPostResult>((resolve) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: { ...post.headers, 'Content-Length': String(Buffer.byteLength(post.body)) },
        lookup: checkedLookup(rules) as never,
        agent: false, // a fresh socket per delivery: no pooled connection to an address checked for another URL
        signal: AbortSignal.timeout(post.timeoutMs), // the whole attempt, however slowly the receiver drips
      },
      (res) => {
        res.resume(); // drain and drop: the receiver's words are never stored or shown
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
        res.on('error', () => resolve({ status: res.statusCode ?? 0 }));
      },
    );
    req.on('error', (err) => {
      if (err instanceof WebhookUrlNotAllowedError) resolve({ failure: err.message, notAllowed: true });
      else resolve({ failure: describeFailure(err) });
    });
    req.end(post.body);
  });
}

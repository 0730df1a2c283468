/** Waiting in tests by re-reading state (no timing assertions: a deadline only stops a hung test). */

/** Re-reads every 200 ms until `read` gives a truthy value (returned), or fails naming `what`. */
export async function until<T>(
  what: string,
  read: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * `npm run temporal:check` (in a container: `node dist/scripts/temporal-check.js`): connects to Temporal with
 * exactly the settings the API and the worker use (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TLS_*,
 * TEMPORAL_API_KEY, TEMPORAL_CONFIG_FILE/TEMPORAL_PROFILE), checks the namespace and registers RecomAMP's search
 * attributes where that is allowed. Run it before a deployment: it fails with the reason a worker would fail with.
 * Exit code 0 = ready, 1 = not (the message says why).
 */
import { ConfigError, loadConfig } from '../config';
import { connectTemporalClient, TemporalConnectError } from '../temporal/connection';
import { ensureSearchAttributes } from '../temporal/search-attributes';
import { SEARCH_ATTRIBUTE_KEYS } from '../workflows/search-attributes';

async function main(): Promise<void> {
  const { temporal } = loadConfig();
  const connection = await connectTemporalClient(temporal);
  try {
    const info = await connection.workflowService.getSystemInfo({});
    let attributes: string;
    try {
      const added = await ensureSearchAttributes(connection.operatorService, temporal.namespace);
      attributes = added.length > 0 ? `registered ${added.join(', ')}` : 'all registered';
    } catch (err) {
      // Temporal Cloud API keys usually may not add search attributes: the namespace's admin does (UI or tcld).
      const names = SEARCH_ATTRIBUTE_KEYS.map((k) => k.name).join(', ');
      throw new TemporalConnectError(
        `Connected to Temporal at ${temporal.description}, but RecomAMP's search attributes could not be checked or ` +
          `registered (${(err as Error).message.split('\n')[0]}). Create them as Keyword attributes of namespace ` +
          `${temporal.namespace}: ${names}`,
      );
    }
    console.log(
      `Temporal OK: ${temporal.description}; server ${info.serverVersion || 'unknown version'}; search attributes ${attributes}`,
    );
  } finally {
    await connection.close();
  }
}

main().catch((err) => {
  const known = err instanceof ConfigError || err instanceof TemporalConnectError;
  console.error(known ? `temporal:check: ${(err as Error).message}` : err);
  process.exit(1);
});

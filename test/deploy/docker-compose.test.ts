/**
 * docker-compose.yml cannot be run here (no Docker), so CI checks what can be checked without it:
 * - it is valid against the Compose specification's JSON schema: test/deploy/compose-spec.json, vendored unchanged
 *   from compose-spec/compose-spec, schema/compose-spec.json at commit a08f8d51631b7127ddac3d2c65537db429d0f1d0
 *   (2025-10-21, Apache-2.0), validated with ajv;
 * - its shape is the production one: Temporal's schema and RecomAMP's migrations are steps of their own that the
 *   servers wait for, no auto-setup image, every image pinned, the scripts it mounts exist and parse, and the app
 *   settings it sets are ones config.ts accepts in production.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { loadConfig } from '../../config';
import { WORKER_NODE_FLAGS, WORKER_PROCESS_ENV } from '../../worker/process-sizing';

const ROOT = path.join(__dirname, '..', '..');
const text = fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
const compose = parse(text, { merge: true }) as {
  services: Record<string, any>;
  [key: string]: unknown;
};
const services = compose.services;

/** Compose's `${NAME:?message}` and `${NAME:-default}` with test values (what `docker compose config` does). */
function interpolate(value: unknown): string {
  return String(value).replace(/\$\{([A-Z_]+)(?::[?-]([^}]*))?\}/g, (_, name: string) =>
    name.endsWith('KEYS')
      ? 'v1:dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktMzJi'
      : `test-${name.toLowerCase()}-0123456789abcdef0123456789`,
  );
}

describe('docker-compose.yml', () => {
  test('when validated against the Compose specification schema, then it has no errors', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, 'compose-spec.json'), 'utf8'));
    delete schema.$schema; // draft-07 under its https:// name, which ajv knows as http://
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    const valid = validate(compose); // YAML merge keys (<<) resolved, as Compose resolves them before validating
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  test('when read, then Temporal and RecomAMP start the way production does', () => {
    for (const [name, service] of Object.entries(services)) {
      if (!service.image || service.build) continue;
      expect([name, service.image]).toEqual([name, expect.stringMatching(/^[\w./-]+:\d[\w.-]*$/)]); // pinned
      expect(service.image).not.toMatch(/auto-setup/);
    }
    expect(services.temporal.image).toMatch(/^temporalio\/server:/);
    expect(services['temporal-schema'].image).toMatch(/^temporalio\/admin-tools:/);
    expect(services.temporal.depends_on['temporal-schema']).toEqual({ condition: 'service_completed_successfully' });
    for (const app of ['worker', 'api']) {
      expect(services[app].depends_on.migrate).toEqual({ condition: 'service_completed_successfully' });
      expect(services[app].depends_on['temporal-namespace']).toEqual({ condition: 'service_completed_successfully' });
    }
    expect(services.migrate.command).toEqual(['node', 'dist/db/migrate.js']);
    // The UI reaches the codec with the codec session cookie: the operator token never goes in a URL.
    expect(services['temporal-ui'].environment).toMatchObject({
      TEMPORAL_CODEC_ENDPOINT: 'http://localhost:3000/codec',
      TEMPORAL_CODEC_INCLUDE_CREDENTIALS: 'true',
    });
    expect(services.worker.deploy.replicas).toBeGreaterThan(1);
    // The worker's heap and malloc sizing (issue #18) is the one worker/process-sizing.ts defines.
    expect(services.worker.command).toEqual(['node', ...WORKER_NODE_FLAGS, 'dist/worker/main.js']);
    expect(services.worker.environment).toMatchObject(WORKER_PROCESS_ENV);
  });

  test('when its scripts are read, then every mounted file exists and parses as sh', () => {
    const mounts = Object.values(services).flatMap((s: any) => (s.volumes ?? []) as string[]);
    const local = mounts.filter((m) => m.startsWith('./')).map((m) => path.join(ROOT, m.split(':')[0]!));
    expect(local.length).toBeGreaterThan(0);
    for (const p of local) {
      expect([p, fs.existsSync(p)]).toEqual([p, true]);
      const scripts = fs.statSync(p).isDirectory()
        ? fs
            .readdirSync(p)
            .filter((f) => f.endsWith('.sh'))
            .map((f) => path.join(p, f))
        : [p];
      for (const script of scripts.filter((f) => f.endsWith('.sh'))) execFileSync('sh', ['-n', script]);
    }
  });

  test("when the app services' settings are loaded as in production, then config.ts accepts them", () => {
    for (const name of ['api', 'worker', 'migrate', 'simulator']) {
      const env = Object.fromEntries(
        Object.entries(services[name].environment as Record<string, unknown>).map(([k, v]) => [k, interpolate(v)]),
      );
      const config = loadConfig(env);
      expect(config.env).toBe('production');
      expect(config.temporal.namespace).toBe('recomamp');
      if (name === 'worker') {
        expect(config.shutdown.workerForceSeconds).toBeLessThan(parseInt(services.worker.stop_grace_period, 10));
      }
    }
  });
});

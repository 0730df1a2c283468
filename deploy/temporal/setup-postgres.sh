#!/bin/sh
# Temporal's schema on Postgres, as its own step before the server starts (temporalio/admin-tools'
# temporal-sql-tool; the steps Temporal's compose samples, temporalio/samples-server compose/scripts/setup-postgres.sh,
# use in place of the retired auto-setup image). Creates the `temporal` and `temporal_visibility` databases and
# brings both schemas to the version this admin-tools image ships; re-running it is harmless.
set -eu
: "${POSTGRES_SEEDS:?POSTGRES_SEEDS is required}"
: "${POSTGRES_USER:?POSTGRES_USER is required}"
: "${SQL_PASSWORD:?SQL_PASSWORD is required}"
PORT="${DB_PORT:-5432}"
SCHEMA=/etc/temporal/schema/postgresql/v12

echo "waiting for Postgres at ${POSTGRES_SEEDS}:${PORT}"
until nc -z -w 5 "${POSTGRES_SEEDS}" "${PORT}"; do sleep 1; done

sql() { temporal-sql-tool --plugin postgres12 --ep "${POSTGRES_SEEDS}" -p "${PORT}" -u "${POSTGRES_USER}" "$@"; }
sql --db temporal create
sql --db temporal setup-schema -v 0.0
sql --db temporal update-schema -d "${SCHEMA}/temporal/versioned"
sql --db temporal_visibility create
sql --db temporal_visibility setup-schema -v 0.0
sql --db temporal_visibility update-schema -d "${SCHEMA}/visibility/versioned"
echo "Temporal schema ready"

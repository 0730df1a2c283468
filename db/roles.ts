/**
 * The NOLOGIN role the API's tenant pool switches to (db/tenant-db.ts), under which row-level security applies.
 * Created by migration 20261124100000, which keeps its own copy of the name: a migration is history and must not
 * change when code does.
 */
export const APP_ROLE = 'recomamp_app';

/**
 * Runs one result ingestion in a process of its own, so its peak RSS is the ingestion's and nothing else's.
 * argv: databaseUrl executionId csvPath. Prints JSON { rows, seconds, peakRssMb }.
 */
import fs from 'node:fs';
import { createDb } from '../../db';
import { createExecutionResultsDb } from '../../db/execution-results';

async function main(): Promise<void> {
  const [databaseUrl, executionId, csvPath] = process.argv.slice(2) as [string, string, string];
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const db = createDb(databaseUrl, 2);
  const started = performance.now();
  const { rowCount } = await createExecutionResultsDb(db).replaceFromCsv(executionId, fs.createReadStream(csvPath), {
    campaign: 'STRING',
    impressions: 'LONG',
    clicks: 'LONG',
    spend: 'DOUBLE',
    week_start: 'DATE',
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  await db.destroy();
  process.stdout.write(JSON.stringify({ rows: rowCount, seconds, peakRssMb: peak / 1024 / 1024 }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

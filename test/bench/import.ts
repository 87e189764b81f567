// `npm run bench -- import`: customers imported from a CSV file through POST /v1/customers/import on
// the running stack: rows per second against the goal, and the server's memory while it reads the
// file (sampled every 50 ms), for 20,000 rows and then 100,000, to show that memory does not grow
// with the file. The file is generated on disk and streamed from it, as `boomerang import-customers` does.
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fmt } from './stats.ts';

const GOAL_ROWS_PER_SECOND = 20_000;
const PLANS = ['free', 'starter', 'pro', 'business'];

/** A CSV of `rows` customers with five traits of each type the importer reads. */
function writeCsv(dir: string, prefix: string, rows: number): string {
  const lines = ['userId,email,plan,ltv,newsletter,signedUpAt'];
  for (let i = 0; i < rows; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    lines.push(
      `${prefix}${i},${prefix}${i}@example.com,${PLANS[i % 4]},${(i % 997) * 1.5},${i % 3 === 0 ? 'yes' : 'no'},2025-02-${day}`,
    );
  }
  const file = join(dir, `${prefix}.csv`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const QUERY =
  'map.userId=userId&map.email=email&map.plan=plan&map.ltv=ltv:number&map.newsletter=newsletter:boolean&map.signedUpAt=signedUpAt:date';

/** Streams the file to the import endpoint; resolves to the answer's JSON. */
function upload(url: string, token: string, file: string): Promise<{ imported: number; failed: number }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/v1/customers/import?${QUERY}`,
      { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`import answered ${res.statusCode}: ${body.slice(0, 300)}`));
          else resolve(JSON.parse(body) as { imported: number; failed: number });
        });
      },
    );
    req.on('error', reject);
    pipeline(createReadStream(file), req).catch(reject);
  });
}

/** One import of `rows` generated rows: rows/s and the most heap and RSS the process held above where it started. */
async function importOnce(url: string, token: string, dir: string, rows: number) {
  const file = writeCsv(dir, `imp${rows}-`, rows);
  globalThis.gc?.();
  const start = process.memoryUsage();
  let peakHeap = start.heapUsed;
  let peakRss = start.rss;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  }, 50);
  const t0 = performance.now();
  const report = await upload(url, token, file);
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  if (report.imported !== rows || report.failed !== 0)
    throw new Error(`expected ${rows} rows imported, got ${JSON.stringify(report)}`);
  return {
    rows,
    megabytes: statSync(file).size / 1e6,
    rowsPerSecond: rows / seconds,
    seconds,
    heapGrowthMb: (peakHeap - start.heapUsed) / 1e6,
    rssGrowthMb: (peakRss - start.rss) / 1e6,
  };
}

/** Prints the import figures; the stack (its HTTP server in this process) is already running. */
export async function benchImport(url: string, token: string, database: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'boomerang-bench-import-'));
  for (const rows of [20_000, 100_000]) {
    const r = await importOnce(url, token, dir, rows).finally(() =>
      rmSync(join(dir, `imp${rows}-.csv`), { force: true }),
    );
    console.log(
      `import customers (POST /v1/customers/import, ${database}, ${fmt(r.megabytes, 1)} MB CSV, ${r.rows} rows, 5 typed traits): ${fmt(r.rowsPerSecond, 0)} rows/s in ${fmt(r.seconds, 1)} s (goal >= ${GOAL_ROWS_PER_SECOND}/s: ${r.rowsPerSecond >= GOAL_ROWS_PER_SECOND ? 'met' : `missed by ${fmt((1 - r.rowsPerSecond / GOAL_ROWS_PER_SECOND) * 100, 0)}%`}); memory while importing: heap +${fmt(r.heapGrowthMb, 0)} MB, RSS +${fmt(r.rssGrowthMb, 0)} MB at most`,
    );
  }
}

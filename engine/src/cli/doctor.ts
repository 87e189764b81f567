import { loadConfig, ConfigError, type Config } from '../config/index.ts';
import { migrate, openDatabase } from '../db/index.ts';
import { doctorReport, gatherDoctorFacts } from '../deliverability/index.ts';
import { DoctorReport } from '../deliverability/index.ts';
import { FileTemplateStore } from '../email/index.ts';
import { messageOf } from '../errors/index.ts';

const MARK = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' } as const;

/** The report as terminal lines: one per check, with the text to copy indented under it. */
export function doctorLines(report: DoctorReport): string[] {
  return [
    ...report.checks.flatMap((check) => [
      `[${MARK[check.status]}] ${check.title}: ${check.message}`,
      ...check.copy.map((line) => `         ${line}`),
    ]),
    '',
    `Overall: ${report.status === 'ok' ? 'ready to send' : report.status === 'warn' ? 'sendable, with things to fix' : 'fix the failures before mailing real customers'}`,
  ];
}

/** The report of the Boomerang running with this configuration, or undefined when none answers. */
async function askRunning(config: Config): Promise<DoctorReport | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${config.port}/v1/deliverability/doctor`, {
      headers: { authorization: `Bearer ${config.adminToken}` },
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) return undefined;
    const parsed = DoctorReport.safeParse(await res.json());
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs `boomerang doctor`: asks the running Boomerang (its database may be held by it, as the embedded
 * one is) or else reads the database itself. Exit code 1 when a check fails.
 */
export async function doctorCommand(): Promise<number> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : messageOf(error));
    return 2;
  }
  let report = await askRunning(config);
  if (!report) {
    const db = await openDatabase(config);
    try {
      await migrate(db);
      const facts = await gatherDoctorFacts({
        db,
        templates: new FileTemplateStore(),
        settings: {
          dkim: config.dkim?.signing,
          smtpUrl: config.smtpUrl,
          mailFrom: config.mailFrom,
          postalAddress: config.postalAddress,
        },
      });
      report = doctorReport(facts);
    } finally {
      await db.close();
    }
  }
  for (const line of doctorLines(report)) console.log(line);
  return report.status === 'fail' ? 1 : 0;
}

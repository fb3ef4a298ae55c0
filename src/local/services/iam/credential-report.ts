// The IAM credential report (AWS's documented CSV): GenerateCredentialReport answers STARTED when no report
// exists, then COMPLETE; a report is a snapshot of the moment it was made and is regenerated when older than
// 4 hours, as AWS does. GetCredentialReport before any generation is ReportNotPresent (410); the root user is
// the first row. Modules owning MFA devices or signing certificates fill those columns through a
// CredentialColumns hook.
import { xml } from '../../protocol/xml.js';
import { AwsError } from '../../types.js';
import { iamTime, type IamModule } from './common.js';
import type { User, UserStore } from './users.js';

const COLUMNS = [
  'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed', 'password_next_rotation',
  'mfa_active', 'access_key_1_active', 'access_key_1_last_rotated', 'access_key_1_last_used_date', 'access_key_1_last_used_region',
  'access_key_1_last_used_service', 'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date',
  'access_key_2_last_used_region', 'access_key_2_last_used_service', 'cert_1_active', 'cert_1_last_rotated', 'cert_2_active', 'cert_2_last_rotated',
] as const;

type Row = Partial<Record<(typeof COLUMNS)[number], string>>;

/** Columns another module knows for a user (mfa_active, cert_1_active, …). */
export type CredentialColumns = (user: User) => Row;

const FOUR_HOURS = 4 * 3600 * 1000;
/** The report's dates: ISO 8601 with an explicit UTC offset, e.g. 2026-12-02T20:26:27+00:00. */
const date = (ms: number) => iamTime(ms).replace(/Z$/, '+00:00');

export function credentialReportActions(users: UserStore, accountId: string, now: () => number, extra: CredentialColumns[] = []): IamModule {
  let report: { generated: number; csv: string } | undefined;

  function userRow(u: User): Row {
    const row: Row = {
      user: u.UserName, arn: u.Arn, user_creation_time: date(u.CreateDate),
      password_enabled: String(!!u.loginProfile),
      password_last_used: u.PasswordLastUsed ? date(u.PasswordLastUsed) : u.loginProfile ? 'no_information' : 'N/A',
      password_last_changed: u.loginProfile ? date(u.loginProfile.CreateDate) : 'N/A',
      password_next_rotation: 'N/A', mfa_active: 'false', cert_1_active: 'false', cert_1_last_rotated: 'N/A', cert_2_active: 'false', cert_2_last_rotated: 'N/A',
    };
    ([1, 2] as const).forEach((n) => {
      const k = u.accessKeys[n - 1];
      row[`access_key_${n}_active`] = String(k?.Status === 'Active');
      row[`access_key_${n}_last_rotated`] = k ? date(k.CreateDate) : 'N/A';
      row[`access_key_${n}_last_used_date`] = k?.lastUsed ? date(k.lastUsed.date) : 'N/A';
      row[`access_key_${n}_last_used_region`] = k?.lastUsed?.region ?? 'N/A';
      row[`access_key_${n}_last_used_service`] = k?.lastUsed?.service ?? 'N/A';
    });
    for (const columns of extra) Object.assign(row, columns(u));
    return row;
  }

  function generate(): string {
    const root: Row = {
      user: '<root_account>', arn: `arn:aws:iam::${accountId}:root`, user_creation_time: date(users.accountCreated),
      password_enabled: 'not_supported', password_last_used: 'no_information', password_last_changed: 'not_supported',
      password_next_rotation: 'not_supported', mfa_active: 'false',
      access_key_1_active: 'false', access_key_1_last_rotated: 'N/A', access_key_1_last_used_date: 'N/A', access_key_1_last_used_region: 'N/A', access_key_1_last_used_service: 'N/A',
      access_key_2_active: 'false', access_key_2_last_rotated: 'N/A', access_key_2_last_used_date: 'N/A', access_key_2_last_used_region: 'N/A', access_key_2_last_used_service: 'N/A',
      cert_1_active: 'false', cert_1_last_rotated: 'N/A', cert_2_active: 'false', cert_2_last_rotated: 'N/A',
    };
    const rows = [root, ...users.all().map(userRow)];
    return [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => r[c] ?? 'N/A').join(','))].join('\n');
  }

  return { noResult: [], actions: {
    GenerateCredentialReport() {
      if (report && now() - report.generated < FOUR_HOURS) return xml({ State: 'COMPLETE' });
      const fresh = !report;
      report = { generated: now(), csv: generate() };
      return xml(fresh ? { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' } : { State: 'COMPLETE' });
    },
    GetCredentialReport() {
      if (!report) throw new AwsError('ReportNotPresent', 'Credential report not present. Generate one with GenerateCredentialReport.', 410);
      if (now() - report.generated >= FOUR_HOURS) throw new AwsError('ReportExpired', 'Credential report has expired. Generate a new one with GenerateCredentialReport.', 410);
      return xml({ Content: Buffer.from(report.csv).toString('base64'), ReportFormat: 'text/csv', GeneratedTime: iamTime(report.generated) });
    },
  } };
}

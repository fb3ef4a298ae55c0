// `status` as an aligned table or CSV.
import type { Ui } from '../cli/command.js';
import type { PipelineStatus } from './status.js';

type Style = Pick<Ui, 'bold' | 'dim' | 'green' | 'red' | 'yellow'>;

function human(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i ? `${v.toFixed(1)} ${units[i]}` : `${v} B`;
}

/** Rows shared by table and CSV: resources, then the lake. The bucket shows its folder on local. */
function rows(st: PipelineStatus): string[][] {
  const out = st.resources.map((r) => [r.resource, r.name, r.state, (r.resource === 'S3 bucket' && st.lake?.path) || r.arn || '-']);
  return out;
}

/** Why there is no record count: AWS tells it only through CloudWatch metrics. */
function recordsLine(st: PipelineStatus): string {
  const t = st.stream!;
  if (t.records === null) return st.provider === 'aws' ? 'n/a (CloudWatch metrics on AWS)' : 'n/a';
  const newest = t.newestRecord ? `, newest ${t.newestRecord}` : '';
  return `${t.records} retained (${human(t.bytes ?? 0)})${newest}`;
}

function streamLines(s: Style, st: PipelineStatus): string[] {
  if (!st.stream) {
    // source direct_put: no stream resource is listed at all.
    if (!st.resources.some((r) => r.resource === 'Kinesis stream')) return ['', s.dim('Stream: none (source direct_put: produce puts records straight into Firehose).')];
    const missing = st.resources.find((r) => r.resource === 'Kinesis stream')?.state === 'missing';
    return ['', s.dim(missing ? 'Stream: none (run `lakehouse up`).' : 'Stream: not readable.')];
  }
  const t = st.stream;
  return [
    '',
    s.bold('Stream'),
    `  shards            ${t.openShards} open (${t.mode === 'ON_DEMAND' ? 'on-demand' : 'provisioned'})`,
    ...(t.retentionHours === null ? [] : [`  retention         ${t.retentionHours} h`]),
    `  records           ${recordsLine(st)}`,
  ];
}

export function statusTable(s: Style, st: PipelineStatus): string {
  const header = ['RESOURCE', 'NAME', 'STATE', 'ARN / PATH'];
  const body = rows(st);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const paint = (state: string) =>
    state === 'ACTIVE' || state === 'ENABLED' || state === 'exists' ? s.green : state === 'missing' ? s.dim : /ours/.test(state) ? s.red : s.yellow;
  const line = (r: string[], head = false) =>
    r.map((c, i) => {
      const padded = i === r.length - 1 ? c : c.padEnd(widths[i]!);
      return head ? s.bold(padded) : i === 2 ? paint(c)(padded) : padded;
    }).join('  ');
  const lines = [`Pipeline ${s.bold(st.pipeline)} (${st.provider}, ${st.region})`];
  if (st.emulator) lines.push(s.dim(`local emulator: ${st.emulator}`));
  lines.push('', line(header, true), ...body.map((r) => line(r)));
  lines.push(...streamLines(s, st));
  if (st.lake) {
    const l = st.lake;
    const o = l.newestObject;
    lines.push('', s.bold('Lake'), `  location          ${l.location}`);
    if (l.path) lines.push(`  local path        ${l.path}`);
    lines.push(
      `  objects           ${l.objects} (${human(l.bytes)})`,
      `  newest object     ${o ? `${o.key} (${human(o.bytes)}${o.lastModified ? `, ${o.lastModified}` : ''})` : '-'}`,
      `  newest partition  ${l.newestPartition ?? '-'}`,
      `  error objects     ${l.errorObjects}`,
    );
  } else lines.push('', s.dim('Lake: no bucket of this pipeline.'));
  lines.push(...icebergLines(s, st));
  return `${lines.join('\n')}\n`;
}

/** The Iceberg table's current state (table.format iceberg only). */
function icebergLines(s: Style, st: PipelineStatus): string[] {
  if (st.iceberg === undefined) return [];
  const i = st.iceberg;
  if (!i) return ['', s.dim('Iceberg table: none (run `lakehouse up`).')];
  const n = (x: number) => x.toLocaleString('en-US');
  return [
    '',
    s.bold('Iceberg table'),
    `  metadata          ${i.metadataLocation} (format v${i.formatVersion})`,
    `  current snapshot  ${i.currentSnapshotId === null ? '- (no snapshot yet)' : `${i.currentSnapshotId} (${i.operation}, ${i.currentSnapshotAt})`}`,
    `  snapshots         ${n(i.snapshots)}`,
    `  data files        ${n(i.dataFiles)} (${n(i.records)} records)`,
    `  delete files      ${n(i.deleteFiles)} (${n(i.deleteRecords)} deleted records)`,
  ];
}

/** One CSV cell (RFC 4180 quoting). */
export function csvCell(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One table: a row per resource, then one row for the lake with its figures. */
export function statusCsv(st: PipelineStatus): string {
  const header = ['resource', 'name', 'state', 'arn_or_path', 'objects', 'bytes', 'newest_partition', 'error_objects', 'stream_records', 'open_shards', 'stream_mode', 'newest_object'];
  const out = [header.join(',')];
  for (const r of rows(st)) {
    const t = r[0] === 'Kinesis stream' ? st.stream : null;
    out.push([...r, '', '', '', '', t?.records ?? '', t?.openShards ?? '', t?.mode ?? '', ''].map(csvCell).join(','));
  }
  if (st.lake) {
    const l = st.lake;
    out.push(
      ['lake', l.location, 'exists', l.path ?? l.location, l.objects, l.bytes, l.newestPartition, l.errorObjects, l.streamRecords, '', '', l.newestObject?.key ?? null]
        .map(csvCell)
        .join(','),
    );
  }
  return `${out.join('\n')}\n`;
}

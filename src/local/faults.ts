// Fault injection: LAKEHOUSE_FAULTS="kinesis:PutRecords=0.1:throttle,s3:PutObject=0.05:500,glue:*=0.2:503".
// Each rule: <service>:<Action|*>=<fraction 0..1>:<throttle|500|503>. `faultHook` is the one hook services and
// the emulator use (ServiceEnv.faults): the emulator draws once per call for every action, except Kinesis
// PutRecords and Firehose PutRecordBatch, which draw per record (failed records inside a 200, as AWS throttles).
import { UsageError } from '../errors.js';
import type { EmulatorSettings, FaultHook, FaultRule } from './service.js';
import { AwsError } from './types.js';

const KINDS = new Set(['throttle', '500', '503']);

/** Parse the LAKEHOUSE_FAULTS syntax. Throws a UsageError (exit 2) naming the offending rule. */
export function parseFaults(spec: string | undefined): FaultRule[] {
  if (!spec || !spec.trim()) return [];
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((rule) => {
      const m = /^([a-z0-9-]+):([A-Za-z0-9*]+)=([0-9.]+)(?::([a-z0-9]+))?$/.exec(rule);
      const fraction = m ? Number(m[3]) : NaN;
      const kind = m?.[4] ?? 'throttle';
      if (!m || !(fraction >= 0 && fraction <= 1) || !KINDS.has(kind)) {
        throw new UsageError(
          `invalid LAKEHOUSE_FAULTS rule "${rule}"`,
          'expected service:Action=fraction[:throttle|500|503], e.g. kinesis:PutRecords=0.1:throttle',
        );
      }
      return { service: m[1].toLowerCase(), action: m[2], fraction, kind: kind as FaultRule['kind'] };
    });
}

/** The rule that fires for this call (random draw against its fraction), or undefined. */
export function shouldFail(
  settings: Pick<EmulatorSettings, 'faults'> | undefined,
  service: string,
  action: string,
  random: () => number = Math.random,
): FaultRule | undefined {
  const rules = settings?.faults;
  if (!rules?.length) return undefined;
  const svc = service.toLowerCase();
  for (const r of rules) {
    if (r.service !== svc || (r.action !== '*' && r.action !== action)) continue;
    if (r.fraction > 0 && random() < r.fraction) return r;
  }
  return undefined;
}

/** True when some rule targets this service/action at all (lets the emulator skip per-record actions). */
export function hasRule(settings: Pick<EmulatorSettings, 'faults'> | undefined, service: string, action: string): boolean {
  return !!settings?.faults?.some((r) => r.service === service.toLowerCase() && (r.action === '*' || r.action === action));
}

/** The error AWS would return for this fault on this service (codes as each service spells them). */
export function faultError(rule: FaultRule, service: string): AwsError {
  const svc = service.toLowerCase();
  if (rule.kind === 'throttle') {
    if (svc === 's3') return new AwsError('SlowDown', 'Please reduce your request rate.', 503);
    if (svc === 'kinesis') {
      return new AwsError('ProvisionedThroughputExceededException', 'Rate exceeded for stream (injected fault).', 400);
    }
    if (svc === 'iam' || svc === 'sts') return new AwsError('Throttling', 'Rate exceeded', 400);
    return new AwsError('ThrottlingException', 'Rate exceeded', 400);
  }
  if (svc === 's3') {
    return rule.kind === '500'
      ? new AwsError('InternalError', 'We encountered an internal error. Please try again.', 500)
      : new AwsError('ServiceUnavailable', 'Please reduce your request rate.', 503);
  }
  if (svc === 'iam' || svc === 'sts') {
    return new AwsError(rule.kind === '500' ? 'ServiceFailure' : 'ServiceUnavailable', 'Service failure (injected fault).', Number(rule.kind));
  }
  return rule.kind === '500'
    ? new AwsError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500)
    : new AwsError('ServiceUnavailable', 'The service is unavailable. Please try again later.', 503);
}

/** The fault hook over these settings' rules (ServiceEnv.faults). */
export function faultHook(settings: Pick<EmulatorSettings, 'faults'>, random: () => number = Math.random): FaultHook {
  return {
    forCall(service, action) {
      const rule = shouldFail(settings, service, action, random);
      return rule && faultError(rule, service);
    },
    forRecord: (service, action) => shouldFail(settings, service, action, random)?.kind,
    targets: (service, action) => hasRule(settings, service, action),
  };
}

/** Settings from the environment: LAKEHOUSE_ENFORCE_SHARD_LIMITS=1 and LAKEHOUSE_FAULTS. */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env, enforceShardLimits?: boolean): EmulatorSettings {
  return {
    enforceShardLimits: enforceShardLimits || env.LAKEHOUSE_ENFORCE_SHARD_LIMITS === '1',
    faults: parseFaults(env.LAKEHOUSE_FAULTS),
  };
}

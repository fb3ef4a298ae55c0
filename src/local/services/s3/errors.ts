// S3 errors exactly as AWS shapes them: `<Error><Code/><Message/>[<BucketName/>|<Key/>]<RequestId/></Error>`,
// with AWS's wording and status; HEAD errors carry no body.
import { escapeXml, XML_DECL } from '../../protocol/xml.js';
import { AwsError, type EmuResponse } from '../../types.js';

export function s3Error(err: AwsError, requestId: string, head = false): EmuResponse {
  const headers: Record<string, string> = { 'x-amz-request-id': requestId, 'x-amz-id-2': requestId };
  if (head) return { status: err.status, headers, body: '' };
  let extra = '';
  for (const [k, v] of Object.entries(err.extra ?? {})) {
    if (v !== undefined) extra += `<${k}>${escapeXml(String(v))}</${k}>`;
  }
  headers['content-type'] = 'application/xml';
  const body =
    `${XML_DECL}<Error><Code>${escapeXml(err.code)}</Code><Message>${escapeXml(err.message)}</Message>` +
    `${extra}<RequestId>${requestId}</RequestId><HostId>${requestId}</HostId></Error>`;
  return { status: err.status, headers, body };
}

export const noSuchBucket = (bucket: string) =>
  new AwsError('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket });
export const noSuchKey = (key: string) => new AwsError('NoSuchKey', 'The specified key does not exist.', 404, { Key: key });
export const bucketNotEmpty = (bucket: string) =>
  new AwsError('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409, { BucketName: bucket });
export const bucketAlreadyOwned = (bucket: string) =>
  new AwsError(
    'BucketAlreadyOwnedByYou',
    'Your previous request to create the named bucket succeeded and you already own it.',
    409,
    { BucketName: bucket },
  );
export const invalidBucketName = (bucket: string) =>
  new AwsError('InvalidBucketName', 'The specified bucket is not valid.', 400, { BucketName: bucket });
export const malformedXml = () =>
  new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
export const invalidArgument = (message: string, name?: string, value?: string) =>
  new AwsError('InvalidArgument', message, 400, name ? { ArgumentName: name, ArgumentValue: value } : undefined);
export const notImplemented = () =>
  new AwsError('NotImplemented', 'A header you provided implies functionality that is not implemented', 501);
export const methodNotAllowed = (method: string) =>
  new AwsError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, {
    Method: method,
    ResourceType: 'OBJECT',
  });

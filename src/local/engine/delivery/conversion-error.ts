// A record that the OpenX JSON SerDe cannot convert: it goes to the error prefix with this code and message.

export class ConversionError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const MALFORMED = 'DataFormatConversion.MalformedData';

export function bad(v: unknown, why: string): ConversionError {
  const shown = typeof v === 'string' ? `'${v}'` : JSON.stringify(v);
  return new ConversionError(MALFORMED, `value ${shown} ${why}`);
}

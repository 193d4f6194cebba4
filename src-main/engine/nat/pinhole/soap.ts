import { UpnpPinholeError, upnpErrorText } from './errors';
import { escapeXml, walkXml, XmlError } from './xml';

/** Arguments in the order the service description lists them (some devices read them by position). */
export type SoapArgs = readonly (readonly [name: string, value: string])[];

export function soapEnvelope(serviceType: string, action: string, args: SoapArgs): string {
  const body = args.map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`).join('');
  return (
    '<?xml version="1.0"?>\r\n' +
    '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">' +
    `<s:Body><u:${action} xmlns:u="${escapeXml(serviceType)}">${body}</u:${action}></s:Body></s:Envelope>\r\n`
  );
}

export function soapHeaders(serviceType: string, action: string): Record<string, string> {
  return { 'content-type': 'text/xml; charset="utf-8"', soapaction: `"${serviceType}#${action}"` };
}

/** What a SOAP answer says, as plain data (read in the XML worker, judged on the calling thread). */
export interface SoapAnswer {
  fault: { errorCode: string | null; errorDescription: string | null; faultstring: string | null } | null;
  /** The output arguments of `<action>Response` (text-only children, first of a name wins), or null without one. */
  response: [string, string][] | null;
}

/** Reads the first Fault and the first `<action>Response` of a SOAP answer, in one pass. */
export function readSoapAnswer(action: string, body: string): SoapAnswer {
  const responseName = `${action}Response`;
  let fault: SoapAnswer['fault'] = null;
  let faultDepth = -1;
  let response: Map<string, string> | null = null;
  let responseDepth = -1;
  let responseDone = false;
  walkXml(body, {
    open(name, parents) {
      if (name === 'Fault' && !fault) {
        fault = { errorCode: null, errorDescription: null, faultstring: null };
        faultDepth = parents.length;
      } else if (name === responseName && !response) {
        response = new Map();
        responseDepth = parents.length;
      }
    },
    close(name, parents, text) {
      const f: SoapAnswer['fault'] = fault;
      if (f && faultDepth >= 0 && parents.length > faultDepth) {
        if (name === 'errorCode') f.errorCode ??= text;
        else if (name === 'errorDescription') f.errorDescription ??= text;
        else if (name === 'faultstring') f.faultstring ??= text;
      } else if (name === 'Fault' && parents.length === faultDepth) faultDepth = -1;
      const r: Map<string, string> | null = response;
      if (r && !responseDone) {
        if (name === responseName && parents.length === responseDepth) responseDone = true;
        else if (parents.length === responseDepth + 1 && text !== null && !r.has(name) && r.size < 64)
          r.set(name, text);
      }
    },
  });
  const r: Map<string, string> | null = response;
  return { fault, response: r ? [...r] : null };
}

/**
 * Judges the answer to `action`: its output arguments (name → text) on success, or throws an UpnpPinholeError —
 * kind `refused` carrying the UPnP error code when the router sent a fault, `transport` when the answer is not
 * SOAP at all. UPnP faults come with HTTP 500, so the body is read whatever the status.
 */
export function soapResult(action: string, status: number, answer: SoapAnswer): Map<string, string> {
  const fault = answer.fault;
  if (fault) {
    const codeText = fault.errorCode;
    const description = fault.errorDescription ?? undefined;
    const code = codeText !== null && /^\d{1,4}$/.test(codeText) ? Number(codeText) : null;
    if (code === null) {
      const faultString = fault.faultstring;
      throw new UpnpPinholeError(
        'transport',
        `${action}: the router answered with a SOAP fault without a UPnP error code${faultString ? ` ("${faultString.slice(0, 200)}")` : ''}`,
        {
          action,
        },
      );
    }
    throw new UpnpPinholeError('refused', `${action}: ${upnpErrorText(code, description?.slice(0, 200))}`, {
      action,
      upnpCode: code,
      upnpDescription: description?.slice(0, 200),
    });
  }
  if (status < 200 || status > 299 || !answer.response) {
    throw new UpnpPinholeError(
      'transport',
      `${action}: the router answered HTTP ${status} without a ${action}Response`,
      { action },
    );
  }
  return new Map(answer.response);
}

/** An answer that could not be read at all (too large, not XML, too slow to read) as a transport error. */
export function unreadableSoap(action: string, err: unknown): UpnpPinholeError {
  return new UpnpPinholeError(
    'transport',
    `${action}: the router's answer could not be read: ${(err as Error).message}`,
    { action, cause: err, unreadable: true },
  );
}

/** Reading and judging on the calling thread, for answers already known to be small (tests, fixtures). */
export function parseSoapResponse(action: string, status: number, body: string): Map<string, string> {
  let answer: SoapAnswer;
  try {
    answer = readSoapAnswer(action, body);
  } catch (err) {
    if (err instanceof XmlError) throw unreadableSoap(action, err);
    throw err;
  }
  return soapResult(action, status, answer);
}

/** An unsigned integer output argument within `max`, or a transport error naming what was wrong. */
export function soapUint(out: Map<string, string>, action: string, name: string, max: number): number {
  const text = out.get(name);
  const n = text !== undefined && /^\d{1,10}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n) || n > max) {
    throw new UpnpPinholeError(
      'transport',
      `${action}: the router's answer has no valid ${name} (got ${text === undefined ? 'nothing' : JSON.stringify(text.slice(0, 40))})`,
      { action },
    );
  }
  return n;
}

/** A UPnP boolean output argument ("1"/"0", also "true"/"false"/"yes"/"no" as the architecture allows). */
export function soapBool(out: Map<string, string>, action: string, name: string): boolean {
  const text = out.get(name)?.toLowerCase();
  if (text === '1' || text === 'true' || text === 'yes') return true;
  if (text === '0' || text === 'false' || text === 'no') return false;
  throw new UpnpPinholeError(
    'transport',
    `${action}: the router's answer has no valid ${name} (got ${text === undefined ? 'nothing' : JSON.stringify(text.slice(0, 40))})`,
    { action },
  );
}

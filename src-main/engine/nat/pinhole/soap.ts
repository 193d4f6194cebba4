import { UpnpPinholeError, upnpErrorText } from './errors';
import { cleanXml, elements, escapeXml, simpleChildren, textOf } from './xml';

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

/**
 * Reads the answer to `action`: its output arguments (name → text) on success, or throws an UpnpPinholeError —
 * kind `refused` carrying the UPnP error code when the router sent a fault, `transport` when the answer is not
 * SOAP at all. UPnP faults come with HTTP 500, so the body is read whatever the status.
 */
export function parseSoapResponse(action: string, status: number, body: string): Map<string, string> {
  let doc: string;
  try {
    doc = cleanXml(body);
  } catch (err) {
    throw new UpnpPinholeError('transport', `${action}: ${(err as Error).message}`, { action, cause: err });
  }
  const fault = elements(doc, 'Fault')[0];
  if (fault) {
    const codeText = textOf(fault.inner, 'errorCode');
    const description = textOf(fault.inner, 'errorDescription') ?? undefined;
    const code = codeText !== null && /^\d{1,4}$/.test(codeText) ? Number(codeText) : null;
    if (code === null) {
      const faultString = textOf(fault.inner, 'faultstring');
      throw new UpnpPinholeError('transport', `${action}: the router answered with a SOAP fault without a UPnP error code${faultString ? ` ("${faultString}")` : ''}`, {
        action,
      });
    }
    throw new UpnpPinholeError('refused', `${action}: ${upnpErrorText(code, description)}`, { action, upnpCode: code, upnpDescription: description });
  }
  const response = elements(doc, `${action}Response`)[0];
  if (status < 200 || status > 299 || !response) {
    throw new UpnpPinholeError('transport', `${action}: the router answered HTTP ${status} without a ${action}Response`, { action });
  }
  return simpleChildren(response.inner);
}

/** An unsigned integer output argument within `max`, or a transport error naming what was wrong. */
export function soapUint(out: Map<string, string>, action: string, name: string, max: number): number {
  const text = out.get(name);
  const n = text !== undefined && /^\d{1,10}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n) || n > max) {
    throw new UpnpPinholeError('transport', `${action}: the router's answer has no valid ${name} (got ${text === undefined ? 'nothing' : JSON.stringify(text.slice(0, 40))})`, { action });
  }
  return n;
}

/** A UPnP boolean output argument ("1"/"0", also "true"/"false"/"yes"/"no" as the architecture allows). */
export function soapBool(out: Map<string, string>, action: string, name: string): boolean {
  const text = out.get(name)?.toLowerCase();
  if (text === '1' || text === 'true' || text === 'yes') return true;
  if (text === '0' || text === 'false' || text === 'no') return false;
  throw new UpnpPinholeError('transport', `${action}: the router's answer has no valid ${name} (got ${text === undefined ? 'nothing' : JSON.stringify(text.slice(0, 40))})`, { action });
}

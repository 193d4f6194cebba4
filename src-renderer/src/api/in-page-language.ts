/**
 * A refusal in the page's language: the engine sends each problem it made as a sentence (`said`) beside its English
 * `message`, and every command's answer passes through here on its way to the page, so whatever shows
 * `error.message` shows the person's words. A message without a sentence (an older engine, a transport failure) stays
 * as it came.
 */
import type { ContractErrorBody, ContractIssue, ProviderApi, Result } from '@shared/contract';
import { COMMAND_NAMES } from '@shared/contract/channels';
import { sayNow } from '@shared/i18n/current';

function issueInLanguage(issue: ContractIssue): ContractIssue {
  return issue.said ? { ...issue, message: sayNow().said(issue.said) } : issue;
}

export function errorInPageLanguage(error: ContractErrorBody): ContractErrorBody {
  if (!error.said && !error.issues?.some((i) => i.said)) return error;
  const out: ContractErrorBody = { ...error, message: error.said ? sayNow().said(error.said) : error.message };
  if (error.issues) out.issues = error.issues.map(issueInLanguage);
  return out;
}

export function resultInPageLanguage<T>(result: Result<T>): Result<T> {
  return result.ok ? result : { ok: false, error: errorInPageLanguage(result.error) };
}

/** The API with every command's refusal said in the page's language; events pass through as they are. */
export function inPageLanguage(api: ProviderApi): ProviderApi {
  const commands = Object.fromEntries(
    COMMAND_NAMES.map((name) => {
      const call = (api as unknown as Record<string, (request: unknown) => Promise<Result<unknown>>>)[name]!;
      return [name, (request: unknown) => call.call(api, request).then(resultInPageLanguage)];
    }),
  );
  return {
    apiVersion: api.apiVersion,
    transport: api.transport,
    onSnapshot: (listener) => api.onSnapshot(listener),
    onEngineEvent: (listener) => api.onEngineEvent(listener),
    ...commands,
  } as ProviderApi;
}

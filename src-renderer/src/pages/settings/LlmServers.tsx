import { useState } from 'react';
import type { Settings } from '@shared/contract';
import { getApi } from '../../api';
import { useProviderStore } from '../../store';
import { useT } from '../../i18n/useT';
import { AddServerForm, type AddServerAnswer, type AddServerRequest } from '../../components/AddServerForm';
import { Card } from '../../components/ui/Card';
import { ServerRow } from './LlmServerRow';
import { judgeServer, VERDICT_WORDS } from './server-check';
import common from '../../components/ui/common.module.css';
import styles from './LlmServers.module.css';

/**
 * "LLM servers": every server behind the node with what it does now (the engine's view, from the snapshot), a Remove
 * button for the added ones, and the shared form that adds one more. The stored settings the engine answers with are
 * handed to `replace`, so the rest of the page stays current.
 */
export function LlmServers({ replace }: { replace(settings: Settings): void }) {
  const t = useT();
  const servers = useProviderStore((s) => s.snapshot?.backend.servers);
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const [said, setSaid] = useState<string | null>(null);

  /**
   * An address is looked at first, as the setup wizard looks (something answers, an LLM server the node knows, with
   * models); what is wrong is said with "Use it anyway", which adds it unlooked-at, confirmed if link-local.
   */
  const add = async (request: AddServerRequest): Promise<AddServerAnswer> => {
    if (!request.anyway) {
      const looked = await getApi().detectBackends({
        extraUrls: [request.url],
        apiKeys: request.apiKey ? [{ url: request.url, apiKey: request.apiKey }] : [],
      });
      if (!looked.ok) return { ok: false, message: looked.error.message, needsConfirmation: false };
      const verdict = judgeServer(looked.value.candidates, request.url);
      if (verdict !== 'usable')
        return { ok: false, message: t(VERDICT_WORDS[verdict], { url: request.url }), needsConfirmation: true };
    }
    const result = await getApi().addServer({
      url: request.url,
      apiKey: request.apiKey,
      ...(request.anyway ? { confirmLinkLocal: true } : {}),
    });
    if (!result.ok)
      return {
        ok: false,
        message: result.error.message,
        needsConfirmation: result.error.code === 'needs_confirmation',
      };
    replace(result.value);
    setSaid(t('settings.servers.added', { url: request.url }));
    return { ok: true };
  };

  return (
    <Card title={t('settings.servers.title')} testId="llm-servers">
      <p>{t('settings.servers.intro')}</p>
      {servers === undefined ? (
        <p className={common.empty}>{t('settings.servers.notStarted')}</p>
      ) : servers.length === 0 ? (
        <p className={common.empty}>{t('settings.servers.none')}</p>
      ) : (
        <ul className={`${common.bareList} ${styles.list}`} aria-label={t('settings.servers.list')}>
          {servers.map((server) => (
            <ServerRow
              key={server.id}
              server={server}
              onRemoved={(settings) => {
                replace(settings);
                setSaid(t('settings.servers.removed', { url: server.url }));
              }}
            />
          ))}
        </ul>
      )}
      <AddServerForm
        title={t('settings.servers.add.title')}
        hint={t('settings.servers.add.hint')}
        submitLabel={t('settings.servers.add.submit')}
        busyLabel={t('settings.servers.add.busy')}
        unavailable={!connected}
        send={add}
        onStart={() => setSaid(null)}
        className={styles.add}
      />
      <p className={`${common.result} ${common.resultOk}`} role="status" data-testid="llm-servers-status">
        {said}
      </p>
    </Card>
  );
}

import { useEffect } from 'react';
import { PageHeader } from '../../components/ui/PageHeader';
import { WaitingForNode } from '../../components/WaitingForNode';
import { ConditionsCard } from './ConditionsCard';
import { NowCard } from './NowCard';
import { PreviewCard } from './PreviewCard';
import { ScheduleEditor } from './ScheduleEditor';
import { useSchedule } from './schedule-store';
import { useProviderStore } from '../../store';
import card from '../../components/ui/Card.module.css';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';
import { useT } from '../../i18n/useT';

/**
 * What the node offers now; the weekly schedule being edited (grid, outside share, time zone, Save); the next
 * 24 hours of it; and the conditions on top. The schedule is loaded on every (re)connection and whenever the
 * engine reports a different one (changed in another window), unless the person has unsaved changes.
 */
export function Availability() {
  const t = useT();
  const snapshot = useProviderStore((s) => s.snapshot);
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const load = useSchedule((s) => s.load);
  const saved = useSchedule((s) => s.saved);
  const draft = useSchedule((s) => s.draft);
  const reload = useSchedule((s) => s.reload);

  // What the engine says the stored schedule is; a change there (another window, the tray) reloads it.
  const a = snapshot?.availability;
  const engineKey = a ? `${a.timeZone}|${a.windowCount}|${a.outsideShare}` : null;
  const savedKey = saved ? `${saved.timeZone}|${saved.windows.length}|${saved.outsideShare}` : null;
  const stale = engineKey !== null && savedKey !== null && engineKey !== savedKey;

  useEffect(() => {
    if (connected) void reload();
  }, [connected, reload]);

  useEffect(() => {
    if (connected && stale) void reload();
  }, [connected, stale, reload]);

  return (
    <>
      <PageHeader title={t('availability.page.title')} subtitle={t('availability.page.subtitle')} />
      {snapshot ? <NowCard snapshot={snapshot} /> : <WaitingForNode />}
      {saved && draft ? (
        <>
          <ScheduleEditor saved={saved} draft={draft} />
          <PreviewCard saved={saved} draft={draft} />
        </>
      ) : load.kind === 'error' ? (
        <div className={card.waiting} role="alert">
          <p>{t('availability.page.loadFailed', { message: load.message })}</p>
          <button type="button" className={button.button} onClick={() => void reload()}>
            {t('common.retry')}
          </button>
        </div>
      ) : (
        <p className={`${card.waiting} ${common.muted}`} role="status">
          {connected ? t('availability.page.loading') : t('availability.page.connecting')}
        </p>
      )}
      <ConditionsCard availability={a ?? null} />
    </>
  );
}

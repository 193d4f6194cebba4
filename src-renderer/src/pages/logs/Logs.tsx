import { useEffect, useMemo, useRef, useState } from 'react';
import type { EngineEvent } from '@shared/contract';
import { Card } from '../../components/ui/Card';
import { DiagnosticsCard } from './DiagnosticsCard';
import { EventTable } from './EventTable';
import { LogFilters, type LevelFilter } from './LogFilters';
import { PageHeader } from '../../components/ui/PageHeader';
import { SaveLogsButton } from './SaveLogsButton';
import { ShowOlder } from '../../components/ui/ShowOlder';
import { wordsOf } from '../../words/event-sentence';
import { useEventLog } from '../../hooks/useEventLog';
import { formatCount } from '../../format';
import { useT } from '../../i18n/useT';
import button from '../../components/ui/Button.module.css';
import card from '../../components/ui/Card.module.css';
import common from '../../components/ui/common.module.css';
import table from '../../components/ui/Table.module.css';
import badge from '../../components/ui/StatusBadge.module.css';
import styles from './Logs.module.css';

const SEVERITY: Record<EngineEvent['level'], number> = { info: 0, warn: 1, error: 2 };
const MIN_SEVERITY: Record<LevelFilter, number> = { all: 0, warn: 1, error: 2 };
/** Scrolling down further than this while following means "let me read": following pauses. */
const READING_OFFSET_PX = 24;

/** "Contains" looks in what the row says (the sentence) and in what is behind its "Details" (name and details). */
function matches(e: EngineEvent, level: LevelFilter, eventName: string, needle: string): boolean {
  if (SEVERITY[e.level] < MIN_SEVERITY[level]) return false;
  if (eventName !== '' && e.event !== eventName) return false;
  return (
    needle === '' ||
    wordsOf(e).sentence.toLowerCase().includes(needle) ||
    e.event.toLowerCase().includes(needle) ||
    e.details.toLowerCase().includes(needle)
  );
}

export function Logs() {
  const t = useT();
  const log = useEventLog();
  const [level, setLevel] = useState<LevelFilter>('all');
  const [text, setText] = useState('');
  const [eventName, setEventName] = useState('');
  // Following: new events appear at the top and the list stays scrolled there. Paused: the list holds still from
  // the newest event shown when it paused (older pages still load below), and counts what arrived since.
  const [follow, setFollow] = useState(true);
  const [pausedAt, setPausedAt] = useState<EngineEvent | null>(null);
  const scrollBox = useRef<HTMLDivElement>(null);
  const lastScrollTop = useRef(0);
  const needle = text.trim().toLowerCase();

  const filtering = level !== 'all' || needle !== '' || eventName !== '';
  const pauseIndex = pausedAt ? log.events.indexOf(pausedAt) : -1;
  const { visible, held, heldMatching, shown } = useMemo(() => {
    const cut = pauseIndex > 0 ? pauseIndex : 0;
    const visible = log.events.slice(cut);
    const held = log.events.slice(0, cut);
    return {
      visible,
      held,
      heldMatching: held.filter((e) => matches(e, level, eventName, needle)).length,
      shown: visible.filter((e) => matches(e, level, eventName, needle)),
    };
  }, [log.events, pauseIndex, level, eventName, needle]);
  const eventNames = useMemo(() => [...new Set(log.events.map((e) => e.event))].sort(), [log.events]);
  const pausedWords =
    held.length === 0
      ? t('logs.paused')
      : t(filtering ? 'logs.pausedHeldMatching' : 'logs.pausedHeld', {
          count: formatCount(held.length),
          held: held.length,
          matching: formatCount(heldMatching),
        });
  const newest = shown[0];

  // Following keeps the newest event in view as events arrive.
  useEffect(() => {
    const box = scrollBox.current;
    if (!follow || !box || box.scrollTop === 0) return;
    const smooth = !window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    box.scrollTo({ top: 0, behavior: smooth ? 'smooth' : 'auto' });
  }, [follow, newest]);

  const pause = () => {
    setFollow(false);
    setPausedAt(log.events[0] ?? null);
  };
  const resume = () => {
    setFollow(true);
    setPausedAt(null);
  };
  const onScroll = () => {
    const box = scrollBox.current;
    if (!box) return;
    // Only the person scrolls down (following scrolls up): reading older events pauses following.
    if (follow && box.scrollTop > lastScrollTop.current && box.scrollTop > READING_OFFSET_PX) pause();
    lastScrollTop.current = box.scrollTop;
  };

  return (
    <>
      <PageHeader title={t('logs.title')} subtitle={t('logs.subtitle')}>
        <button
          type="button"
          className={button.button}
          onClick={() => {
            if (!log.connected) return;
            resume();
            log.reload();
          }}
          aria-disabled={!log.connected || undefined}
        >
          {t('logs.refresh')}
        </button>
      </PageHeader>
      <LogFilters
        level={level}
        text={text}
        eventName={eventName}
        eventNames={eventNames}
        onLevelChange={setLevel}
        onTextChange={setText}
        onEventNameChange={setEventName}
      />

      {!log.connected && log.status === 'loading' ? (
        <p className={card.waiting} role="status">
          {t('logs.connecting')}
        </p>
      ) : log.status === 'loading' ? (
        <p className={card.waiting} role="status">
          {t('logs.loading')}
        </p>
      ) : log.status === 'error' ? (
        <div className={card.waiting} role="alert">
          <p>{t('logs.readFailed', { error: log.error ?? '' })}</p>
          <button type="button" className={button.button} onClick={log.reload}>
            {t('logs.tryAgain')}
          </button>
        </div>
      ) : (
        <section className={card.card} aria-label={t('logs.events')}>
          <div className={styles.toolbar}>
            <div className={styles.follow}>
              <button
                type="button"
                className={`${button.button} ${styles.toggle}`}
                aria-pressed={follow}
                data-testid="log-follow"
                onClick={follow ? pause : resume}
              >
                <span className={`${badge.dot} ${styles.dot}`} aria-hidden="true" />
                {t('logs.follow')}
              </button>
              <p className={common.note} aria-live="polite" data-testid="log-follow-status">
                {follow ? (
                  t('logs.following')
                ) : (
                  <>
                    {pausedWords}{' '}
                    {held.length > 0 ? (
                      <button type="button" className={button.quiet} onClick={resume} data-testid="log-show-new">
                        {t('logs.showNew', { held: held.length })}
                      </button>
                    ) : null}
                  </>
                )}
              </p>
            </div>
            <SaveLogsButton
              filter={{
                ...(level !== 'all' ? { level } : {}),
                ...(needle ? { text } : {}),
                ...(eventName ? { event: eventName } : {}),
              }}
              filtering={filtering}
            />
          </div>
          <p className={common.note} aria-live="polite" data-testid="log-count">
            {filtering
              ? t(log.reachedEnd ? 'logs.countMatching' : 'logs.countMatchingMore', {
                  shown: formatCount(shown.length),
                  loaded: formatCount(visible.length),
                })
              : t('logs.countLoaded', { count: formatCount(visible.length), loaded: visible.length })}
          </p>
          <div className={styles.scroll} ref={scrollBox} onScroll={onScroll} data-testid="log-scroll">
            {shown.length > 0 ? (
              <EventTable events={shown} />
            ) : (
              <p className={common.empty}>{visible.length === 0 ? t('logs.empty') : t('logs.noMatch')}</p>
            )}
            <ShowOlder
              className={`${table.footer} ${styles.footer}`}
              label={t('logs.loadOlder')}
              loading={log.loadingOlder}
              reachedEnd={log.reachedEnd}
              endWords={t('logs.beginning')}
              error={log.olderError}
              onMore={() => void log.loadOlder()}
            />
          </div>
        </section>
      )}

      <Card title={t('logs.diagnostics')} className={styles.diagnostics}>
        <DiagnosticsCard />
      </Card>
    </>
  );
}

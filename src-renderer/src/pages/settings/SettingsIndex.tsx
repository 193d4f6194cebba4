import type { MouseEvent } from 'react';
import type { MessageId } from '@shared/i18n/catalogue';
import { useT } from '../../i18n/useT';
import { routeHref } from '../../routes';
import { Pill } from '../../components/ui/Pill';
import { useSettingsDrafts, type DraftForm } from './settings-drafts';
import styles from './Settings.module.css';

/** A part of the Settings page: the id of its place, the catalogue id of its card's title, and its draft, if any. */
export interface SettingsSection {
  id: string;
  title: MessageId;
  draft?: DraftForm;
}

/** The element a section's link leads to. */
export const sectionId = (id: string): string => `settings-section-${id}`;

/**
 * "On this page": a link to each section of the long Settings page, marked where a card has unsaved changes. The
 * link moves the view and the focus to the section's heading by hand, since a real fragment would be taken for a route.
 */
export function SettingsIndex({ sections }: { sections: readonly SettingsSection[] }) {
  const t = useT();
  const unsaved = useSettingsDrafts((s) => s.unsaved);

  const go = (event: MouseEvent<HTMLAnchorElement>, id: string) => {
    event.preventDefault();
    const section = document.getElementById(sectionId(id));
    const heading = section?.querySelector<HTMLElement>('h2');
    if (!section || !heading) return;
    section.scrollIntoView({ block: 'start' });
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  };

  return (
    <nav className={styles.index} aria-label={t('settings.index.label')}>
      <ul className={styles.indexList}>
        {sections.map((s) => (
          <li key={s.id}>
            <a
              className={styles.indexLink}
              href={`${routeHref('settings')}/${s.id}`}
              onClick={(e) => go(e, s.id)}
              data-testid={`settings-index-${s.id}`}
            >
              {t(s.title)}
            </a>
            {s.draft && unsaved[s.draft] ? (
              <>
                {' '}
                <Pill tone="warn">{t('settings.index.unsaved')}</Pill>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </nav>
  );
}

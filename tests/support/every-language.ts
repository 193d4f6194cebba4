/**
 * Every test process has every language's words at hand, as the desktop host does: German is otherwise loaded only
 * when a page first needs it (`loadCatalogue`), and a test saying something in German must not see English instead.
 */
import '@shared/i18n/catalogue/de';

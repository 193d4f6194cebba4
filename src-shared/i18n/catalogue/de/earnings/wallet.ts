/** Die deutschen Wörter von earnings/wallet: dieselben ids wie en/earnings/wallet.ts, keine fehlt. */
import type { messages as en } from '../../en/earnings/wallet';

export const messages: Record<keyof typeof en, string> = {
  'earnings.wallet.title': 'Betreiber-Wallet',
  'earnings.wallet.waiting':
    'Das Verzeichnis zeigt Ihre Betreiber-Wallet noch nicht an; das geschieht, sobald es diesen Knoten Ihrer Betreiberidentität zugeordnet hat.',
  'earnings.wallet.boundNotRead':
    'Das Verzeichnis hat diesen Knoten als Ihren bestätigt. Ihre Betreiber-Wallet erscheint hier, sobald Ihr Knoten seine Einnahmen aus dem Verzeichnis gelesen hat; „Jetzt abgleichen“ liest sie sofort.',
  'earnings.wallet.boundReadBefore':
    'Das Verzeichnis hat diesen Knoten als Ihren bestätigt. Als Ihr Knoten zuletzt seine Einnahmen las ({time}), enthielt die Antwort Ihre Betreiber-Wallet noch nicht; sie erscheint nach dem nächsten Abgleich, und „Jetzt abgleichen“ liest sofort.',
  'earnings.wallet.none':
    'Dieser Computer hat noch keine Betreiberidentität. Erstellen oder importieren Sie eine in den <link>Einstellungen unter „Ihre Betreiberidentität“</link>.',
  'earnings.wallet.creditsTitle': '{amount} Credits',
  'earnings.wallet.credits': '{amount} Credits',
  'earnings.wallet.balance': 'Guthaben aller Ihrer Computer',
  'earnings.wallet.earned': 'Verdient',
  'earnings.wallet.credited': 'Insgesamt gutgeschrieben',
  'earnings.wallet.spent': 'Ausgegeben',
  'earnings.wallet.computers': 'Computer',
  'earnings.wallet.transactions': 'Buchungen',
  'earnings.wallet.fingerprint': 'Fingerabdruck des Betreibers',
  'earnings.wallet.addsUp':
    'Die Summen des Verzeichnisses gehen auf: Das Guthaben ist das Gutgeschriebene abzüglich des Ausgegebenen.',
  'earnings.wallet.doesNotAddUp':
    'Die Summen des Verzeichnisses gehen nicht auf: Das Guthaben ist nicht das Gutgeschriebene abzüglich des Ausgegebenen.',
  'earnings.wallet.asOf': 'Stand: <time>{at}</time>, wie das Guthaben oben.',

  'earnings.reconciliation.differenceNote':
    '„Differenz“ ist, was Ihr Knoten gefordert hat und nicht bezahlt bekommt: seine Forderung abzüglich dessen, was das Verzeichnis gutgeschrieben hat und was noch auf eine Antwort wartet (abgelehnte oder verfallene Quittungen, unter dem Tag erklärt). „Verzeichnis“ ist, was die Buchungsliste des Verzeichnisses für die Aufgaben dieses Tages zeigte. Diese Liste enthält nur ihre 20 neuesten Einträge; ein Tag bekommt dort daher erst einen Wert, wenn er vorbei ist und Ihr Knoten jeden seiner Einträge gesehen hat. Die übrigen Tage, auch heute, bleiben leer. „Geprüft“ ist, was das signierte Protokoll des Verzeichnisses für die Aufgaben des Tages als gutgeschrieben ausweist.',

  'earnings.reconciliation.title': 'Forderungen und Gutschriften, Tag für Tag',
  'earnings.reconciliation.claimed': 'Gefordert',
  'earnings.reconciliation.verified': 'Geprüft',
  'earnings.reconciliation.verifiedTitle':
    'Gutschriften, die das signierte Protokoll des Verzeichnisses für den Tag ausweist, und wie viele Aufgaben des Tages davon abweichen',
  'earnings.reconciliation.waiting': 'Wartend',
  'earnings.reconciliation.difference': 'Differenz',
  'earnings.reconciliation.directory': 'Verzeichnis',
  'earnings.reconciliation.directoryTitle':
    'Credits für Aufgaben in der Buchungsliste des Verzeichnisses, für einen Tag, den sie vollständig zeigte',
  'earnings.reconciliation.empty': 'In den letzten {days} Tagen wurden keine Credits gefordert.',
  'earnings.reconciliation.differing': '{count, plural, one {# Aufgabe weicht ab} other {# Aufgaben weichen ab}}',
  'earnings.reconciliation.notPaid': 'Was am {day} nicht bezahlt wurde',
  'earnings.reconciliation.rejected': '{count} abgelehnt ({amount} Credits):',
  'earnings.reconciliation.whatToDo': 'Was zu tun ist: {advice}',
  'earnings.reconciliation.expired':
    '<head>Verfallen ({amount} Credits):</head> Quittungen, die das Verzeichnis nicht angenommen hat, bevor sie verfielen.',
};

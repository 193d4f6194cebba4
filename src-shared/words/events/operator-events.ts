/** The person's operator identity: made, renamed, carried to another computer, given a new key, confirmed. */
import type { MessageId } from '../../i18n/catalogue';
import { sayNow } from '../../i18n/current';
import type { EngineEventName } from './event-names';
import { bad, good, type Details, type Entry } from './sentence-parts';

/** The fingerprint as the operator card shows it, when the details carry a well-formed one. */
function fingerprint(d: Details, key = 'fingerprint'): string | null {
  const f = d.get(key);
  return f && /^[0-9a-f]{12}$/.test(f) ? f : null;
}

/** The sentence with the fingerprint when the details carry one (`withPrint`), else without (`plain`). */
function named(d: Details, withPrint: MessageId, plain: MessageId, key = 'fingerprint'): string {
  const f = fingerprint(d, key);
  return f ? sayNow()(withPrint, { fingerprint: f }) : sayNow()(plain);
}

export const OPERATOR_EVENTS: { readonly [K in Extract<EngineEventName, `operator_${string}`>]: Entry } = {
  operator_created: {
    label: 'events.label.operatorCreated',
    say: (d) => good(named(d, 'events.operator.createdPrint', 'events.operator.created')),
  },
  operator_renamed: {
    label: 'events.label.operatorRenamed',
    say: (d) => named(d, 'events.operator.renamedPrint', 'events.operator.renamed'),
  },
  operator_exported: {
    label: 'events.label.operatorExported',
    say: (d) => named(d, 'events.operator.exportedPrint', 'events.operator.exported'),
  },
  operator_imported: {
    label: 'events.label.operatorImported',
    say: (d) =>
      good(
        d.get('replaced') === 'true'
          ? named(d, 'events.operator.importedReplacedPrint', 'events.operator.importedReplaced')
          : named(d, 'events.operator.importedPrint', 'events.operator.imported'),
      ),
  },
  operator_rotated: {
    label: 'events.label.operatorRotated',
    say: (d) => named(d, 'events.operator.rotatedPrint', 'events.operator.rotated', 'to'),
  },
  operator_bound: {
    label: 'events.label.operatorBound',
    say: (d) => good(named(d, 'events.operator.boundPrint', 'events.operator.bound')),
  },
  operator_unverified: {
    label: 'events.label.operatorUnverified',
    say: () => bad(sayNow()('events.operator.unverified')),
  },
};

/** The person's operator identity: made, renamed, carried to another computer, given a new key, confirmed. */
import type { EngineEventName } from './event-names';
import { bad, good, type Details, type Entry } from './sentence-parts';

/** The fingerprint as the operator card shows it, when the details carry a well-formed one. */
function fingerprint(d: Details, key = 'fingerprint'): string | null {
  const f = d.get(key);
  return f && /^[0-9a-f]{12}$/.test(f) ? f : null;
}

const named = (d: Details, key = 'fingerprint') => {
  const f = fingerprint(d, key);
  return f ? ` (fingerprint ${f})` : '';
};

export const OPERATOR_EVENTS: { readonly [K in Extract<EngineEventName, `operator_${string}`>]: Entry } = {
  operator_created: {
    label: 'Operator identity made',
    say: (d) => good(`You made your operator identity${named(d)}. Every node that uses it counts as yours at the IICP directory.`),
  },
  operator_renamed: {
    label: 'Operator name changed',
    say: (d) => `You changed your operator display name${named(d)}; the node tells the IICP directory when it next registers.`,
  },
  operator_exported: {
    label: 'Operator identity exported',
    say: (d) => `You saved your operator identity to a file sealed with your passphrase${named(d)}. Keep the file and the passphrase apart.`,
  },
  operator_imported: {
    label: 'Operator identity imported',
    say: (d) =>
      good(
        d.get('replaced') === 'true'
          ? `You imported an operator identity from a file${named(d)}; it replaced the one this computer had.`
          : `You imported your operator identity from a file${named(d)}; this computer's nodes now count as yours.`,
      ),
  },
  operator_rotated: {
    label: 'Operator key replaced',
    say: (d) => {
      const to = fingerprint(d, 'to');
      return `You gave your operator identity a new key${to ? ` (fingerprint ${to})` : ''}; the old key was deleted and signs nothing any more.`;
    },
  },
  operator_bound: {
    label: 'Operator confirmed',
    say: (d) => good(`The IICP directory confirmed this node as yours${named(d)}: it counts toward your operator wallet.`),
  },
  operator_unverified: {
    label: 'Operator not confirmed',
    say: () => bad("The IICP directory registered this node but did not confirm your operator identity. Check this computer's date and time."),
  },
};

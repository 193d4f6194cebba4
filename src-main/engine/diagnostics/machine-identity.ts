import { homedir, hostname, networkInterfaces, userInfo } from 'node:os';

/** What names this computer and its user, as the diagnostics mask it: never part of a bundle or a saved log. */
export interface MachineIdentity {
  /** The account's name (`os.userInfo().username`), or null where the system has none for this process. */
  user: string | null;
  /** The computer's name on the network (`os.hostname()`). */
  host: string | null;
  home: string | null;
  /** The addresses and MAC addresses of this computer's network interfaces (loopback left out: it names nobody). */
  addresses: string[];
}

const ZERO_MAC = /^(?:00[:-]?){5}00$/;

function tryRead<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    // A container without a passwd entry, a sandbox that hides the interfaces: that part is simply not known.
    return fallback;
  }
}

/** This computer's names and addresses, read now (interfaces come and go). */
export function readMachineIdentity(): MachineIdentity {
  const addresses = new Set<string>();
  for (const list of Object.values(tryRead(() => networkInterfaces(), {}))) {
    for (const a of list ?? []) {
      if (a.internal) continue;
      addresses.add(a.address);
      if (!ZERO_MAC.test(a.mac)) addresses.add(a.mac);
    }
  }
  return {
    user: tryRead(() => userInfo().username, null) || null,
    host: tryRead(() => hostname(), null) || null,
    home: tryRead(() => homedir(), null) || null,
    addresses: [...addresses],
  };
}

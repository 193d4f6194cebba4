import type { GatewayKeyRow } from '@shared/contract';
import type { EngineEventName } from '@shared/words/event-words';
import type { AppCaps, AppKeys } from './app-keys';
import { appNameOf } from './request-names';

/**
 * The page's administration of app keys: made, revoked, capped, and an app named by its key for the books. Each
 * change is logged (never the secret) and tells the node that the gateway's view changed.
 */
export class KeyAdmin {
  constructor(
    private readonly keys: AppKeys,
    private readonly x: {
      log: (level: 'info', event: Extract<EngineEventName, `gateway_key_${string}`>, details: string) => void;
      onChange: () => void;
    },
  ) {}

  createKey(name: string): { key: GatewayKeyRow; secret: string } {
    const made = this.keys.create(name);
    this.x.log('info', 'gateway_key_made', `id=${made.key.id}`);
    this.x.onChange();
    return made;
  }

  revokeKey(id: string): boolean {
    const gone = this.keys.revoke(id);
    if (gone) {
      this.x.log('info', 'gateway_key_revoked', `id=${id}`);
      this.x.onChange();
    }
    return gone;
  }

  /** Sets one app's own caps; false when no key has this id. */
  setKeyCaps(id: string, caps: AppCaps): boolean {
    const set = this.keys.setCaps(id, caps);
    if (set) {
      this.x.log('info', 'gateway_key_limits', `id=${id} daily=${caps.dailyCap ?? 'none'} rpm=${caps.rpm ?? 'none'}`);
      this.x.onChange();
    }
    return set;
  }

  /** An app's name by its key's id, as the Earnings page and the CSV show it (request-names.ts). */
  appName(appKeyId: string): string | null {
    return appNameOf(this.keys.list(), appKeyId);
  }
}

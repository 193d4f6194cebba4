import type { EventLevel, PricingInfo, PricingModel, Settings } from '@shared/contract';
import type { EngineEventName } from '@shared/words/event-words';
import { pricingBlock, registrationCeiling, tierFor } from '../pricing';
import type { Store } from '../store';
import type { DirectoryBooks } from './directory-sync';
import { speechRates } from './speech-rates';

export interface DeclaredPricingOptions {
  store: Store;
  settings: () => Settings;
  /** The models the directory accepted (or would be offered): they decide the pricing tier. */
  models: () => readonly string[];
  /** The intents the node offers: each speech intent among them gets its rate in its own unit. */
  intents?: () => ReadonlySet<string>;
  /** Parameters of an advertised model as its server reported them (null: unknown, its name is read instead). */
  parameterCount?: (model: string) => number | null;
  hmacKey: () => string | null;
  log: (level: EventLevel, event: EngineEventName, details: string) => void;
  now: () => number;
  /** The directory took the current declaration: what it holds now is worth reading back. */
  onAccepted: () => void;
}

interface PricingState {
  multiplier: number;
  model: PricingModel;
  /** When a heartbeat carrying this declaration was answered 200, or null while it is still to be sent. */
  acceptedAt: number | null;
}

const isPricingState = (v: unknown): v is PricingState =>
  !!v &&
  typeof v === 'object' &&
  typeof (v as PricingState).multiplier === 'number' &&
  typeof (v as PricingState).model === 'string';

/**
 * The price the node declares: the multiplier from Settings capped at its tier's ceiling, whether the directory has
 * taken it yet (kept in the engine state, so a restart does not send it again), and the history of prices declared
 * and held.
 */
export class DeclaredPricing {
  constructor(private readonly o: DeclaredPricingOptions) {}

  /**
   * The declaration the node sends (REGISTER, signed there with the key sent in the same body, or a heartbeat): the
   * multiplier from Settings, capped at the tier ceiling the node computes — what the directory holds after a
   * REGISTER, and what it must keep holding after a heartbeat.
   */
  declaration(): { multiplier: number; model: PricingModel } {
    const s = this.o.settings();
    return { multiplier: registrationCeiling(s.creditCostMultiplier, this.tier()), model: s.pricingModel };
  }

  /**
   * The `pricing` block for the next heartbeat: only for a declaration made after the last REGISTER (a change in
   * Settings) and not yet acknowledged, and never above the tier cap — production does not cap it there.
   */
  heartbeatBlock(): Record<string, unknown> | undefined {
    if (this.state().acceptedAt !== null) return undefined;
    const key = this.o.hmacKey();
    if (!key) return undefined;
    const d = this.declaration();
    return pricingBlock(d.multiplier, d.model, key);
  }

  /** The directory took a declaration (REGISTER 201 or heartbeat 200): if it is the current one, it is delivered. */
  markDelivered(sent: Record<string, unknown> | undefined, via: 'register' | 'heartbeat'): void {
    if (!sent) return;
    const d = this.declaration();
    if (sent.credit_cost_multiplier !== d.multiplier || sent.pricing_model !== d.model) return;
    const p = this.state();
    if (p.acceptedAt !== null && via === 'register') return;
    this.o.store.state.set('pricingDeclared', { ...p, acceptedAt: this.o.now() });
    this.o.log('info', 'pricing_accepted', `multiplier=${d.multiplier} model=${d.model} via=${via}`);
    this.o.onAccepted();
  }

  /** Settings made a new declaration: it goes into the history, to be sent with the next heartbeat. */
  note(): void {
    const s = this.o.settings();
    if (this.current()) return;
    const { db, state, priceHistory } = this.o.store;
    db.transaction(() => {
      state.set('pricingDeclared', { multiplier: s.creditCostMultiplier, model: s.pricingModel, acceptedAt: null });
      priceHistory.add({
        ts: this.o.now(),
        multiplier: s.creditCostMultiplier,
        model: s.pricingModel,
        source: 'settings',
      });
    })();
  }

  /** The Pricing page: the declaration, the tier and its ceiling, what the directory holds, and the history. */
  info(books: DirectoryBooks | null, multiplierInForce: number): PricingInfo {
    const s = this.o.settings();
    const tier = this.tier();
    const ceiling = registrationCeiling(s.creditCostMultiplier, tier);
    const inForce = books?.multiplier ?? ceiling;
    const history = this.o.store.priceHistory.recent();
    return {
      declared: { multiplier: s.creditCostMultiplier, model: s.pricingModel },
      tier: { name: tier.name, weight: tier.weight, model: tier.model },
      ceiling,
      directoryMultiplier: books?.multiplier ?? null,
      capped: ceiling < s.creditCostMultiplier,
      directory: books?.registry ? { ...books.registry, asOf: new Date(books.registry.asOf).toISOString() } : null,
      pricePer1000: Math.round(tier.weight * inForce * 1e6) / 1e6,
      declarationAccepted: this.state().acceptedAt !== null,
      schedule: books?.schedule
        ? { ...books.schedule, asOf: new Date(books.asOf ?? this.o.now()).toISOString() }
        : null,
      history: history.map((h) => ({
        at: new Date(h.ts).toISOString(),
        multiplier: h.multiplier,
        model: h.model,
        source: h.source,
      })),
      speechRates: speechRates(this.o.intents?.() ?? new Set(), multiplierInForce),
    };
  }

  private tier() {
    return tierFor(this.o.models(), this.o.parameterCount);
  }

  /** The stored declaration, if it is the one the settings make now. */
  private current(): PricingState | null {
    const s = this.o.settings();
    const stored = this.o.store.state.get<PricingState | null>(
      'pricingDeclared',
      null,
      (v): v is PricingState | null => v === null || isPricingState(v),
    );
    return stored && stored.multiplier === s.creditCostMultiplier && stored.model === s.pricingModel ? stored : null;
  }

  private state(): PricingState {
    const s = this.o.settings();
    return this.current() ?? { multiplier: s.creditCostMultiplier, model: s.pricingModel, acceptedAt: null };
  }
}

/**
 * The pricing room's face: the only module other rooms and the hosts import; what is not exported here stays
 * inside the room (.dependency-cruiser.cjs, rule room-face).
 */
// The face: what other rooms may use.
export { MICRO, formatCredits, parseCredits, toMicro } from './credits';
export { pricingBlock, type PricingModel } from './declaration';
export { buildReceipt, responseHash, withoutQueryingNode } from './receipt';
export { receiptAmount, registrationCeiling, tierFor } from './tier';

/** Time source for the store and engine; tests replace it to make timestamps predictable. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

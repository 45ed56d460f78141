/** The current time, injected everywhere time matters so tests and benchmarks control it. */

/** A source of the current time in milliseconds since the epoch. */
export interface Clock {
  now(): number;
}

/** The real clock, for production wiring. */
export const systemClock: Clock = { now: () => Date.now() };

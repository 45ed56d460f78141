/**
 * Virtual time for several concurrent actors (e.g. three reminder workers on one real Redis): time stands
 * still while any actor is busy (Redis I/O, computing) and jumps to the earliest wake-up once every live
 * actor is asleep. Send times recorded on this clock are therefore exact and the same on every run,
 * whatever the machine's speed, so a rate can be counted from them without timing the test itself.
 */
import type { Clock, Sleep } from "../../src/reminders/pacer.js";

interface Sleeper {
  at: number;
  wake: () => void;
}

export interface VirtualTime {
  clock: Clock;
  sleep: Sleep;
  /** Runs the actors concurrently to completion, advancing time only while all live ones sleep. */
  run(actors: readonly (() => Promise<void>)[]): Promise<void>;
}

export function virtualTime(start: number): VirtualTime {
  let now = start;
  let sleepers: Sleeper[] = [];
  const clock: Clock = { now: () => now };
  const sleep: Sleep = (ms) => new Promise<void>((wake) => sleepers.push({ at: now + Math.max(0, ms), wake }));

  const wakeDue = (): void => {
    const due = sleepers.filter((s) => s.at <= now);
    if (due.length === 0) return;
    sleepers = sleepers.filter((s) => s.at > now);
    for (const sleeper of due) sleeper.wake();
  };

  return {
    clock,
    sleep,
    async run(actors) {
      let live = actors.length;
      let failure: unknown;
      const finished = Promise.all(
        actors.map((actor) =>
          actor()
            .catch((error: unknown) => void (failure ??= error))
            .finally(() => void (live -= 1)),
        ),
      );
      let done = false;
      void finished.then(() => (done = true));
      while (!done && failure === undefined) {
        // A real millisecond lets Redis replies and the actors' microtasks run.
        await new Promise((resolve) => setTimeout(resolve, 1));
        wakeDue();
        if (live > 0 && sleepers.length >= live) {
          now = Math.max(now, Math.min(...sleepers.map((s) => s.at)));
          wakeDue();
        }
      }
      if (failure !== undefined) throw failure;
    },
  };
}

/** Classifies failures so the user hears "temporarily unavailable" for outages and "sorry" for bugs. */

/** Whether an error comes from an unreachable store (Redis down, timed out, reconnecting). */
export function isServiceUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const text = `${error.name} ${error.message}`;
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|Connection is closed|MaxRetriesPerRequest|Stream isn't writeable|enableOfflineQueue|ServiceUnavailable|Command timed out/i.test(
    text,
  );
}

/**
 * pino, with the personal fields of our own log objects masked at the source (see domain/phone.ts
 * for the format). Message texts are never passed to the logger at info level.
 */
import pino, { type Logger } from "pino";

/** Creates the application logger. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: [
          "phone",
          "applicantName",
          "text",
          "*.phone",
          "*.applicantName",
          "*.text",
          "*.first_name",
          "*.last_name",
          "err.payload",
          "err.command.args",
        ],
        censor: "[masked]",
      },
    },
    destination,
  );
}

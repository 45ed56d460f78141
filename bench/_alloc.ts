import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { benchInProcess } from "./in-process.js";
const session = new Session();
session.connect();
await benchInProcess({
  users: 500,
  repetitions: 3,
  log: (l) => console.log(l),
  kinds: [(process.argv[2] ?? "ours") as never],
  onMeasured: async (moment) => {
    if (moment === "start") {
      await session.post("HeapProfiler.enable");
      await session.post("HeapProfiler.startSampling", {
        samplingInterval: 1024,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      } as never);
      return;
    }
    const { profile } = await session.post("HeapProfiler.stopSampling");
    writeFileSync("/tmp/prof/alloc.json", JSON.stringify(profile));
  },
});

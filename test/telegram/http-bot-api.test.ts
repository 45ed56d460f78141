import { Agent, request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { HttpBotApi } from "../../src/telegram/http-bot-api.js";

/** One getMe over the agent; whether it went over a connection the agent already had open. */
function getMe(agent: Agent, apiRoot: string): Promise<{ reusedSocket: boolean; ok: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(`${apiRoot}/bot1:token/getMe`, { method: "POST", agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          reusedSocket: req.reusedSocket,
          ok: (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { ok: boolean }).ok,
        }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

describe("HttpBotApi", () => {
  let server: HttpBotApi | undefined;
  let agent: Agent | undefined;
  afterEach(async () => {
    agent?.destroy();
    await server?.close();
  });

  it("keeps an idle keep-alive connection open, as grammY's agent keeps it", async () => {
    // Before: Node's server closed a connection idle for 5 s (its keepAliveTimeout), while grammY's keep-alive agent keeps its
    // sockets. A request sent on a socket the server was closing failed with "socket hang up"; a bare
    // bot without auto-retry lost that answer, and a benchmark run stopped with users waiting.
    server = new HttpBotApi();
    const apiRoot = await server.listen();
    agent = new Agent({ keepAlive: true, maxSockets: 1 });
    expect(await getMe(agent, apiRoot)).toEqual({ reusedSocket: false, ok: true });
    await new Promise((resolve) => setTimeout(resolve, 6_500));
    expect(await getMe(agent, apiRoot)).toEqual({ reusedSocket: true, ok: true });
  }, 20_000);
});

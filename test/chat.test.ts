import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";

/** Runs `npm run chat`'s script with the given lines on standard input; resolves to what it printed. */
function chat(lines: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/chat.ts"], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("exit", (code) => resolve({ code, output }));
    child.stdin.end(`${lines.join("\n")}\n`);
  });
}

describe("the terminal chat (npm run chat)", () => {
  it("runs the real bot in memory: language, menu by numbers, a card, search, a contact button", async () => {
    const { code, output } = await chat([
      "/start",
      "3",
      "5",
      "3",
      "1",
      "детсад",
      "/start s21",
      "1",
      "1",
      "Асель Нурланова",
      "1",
      "+77011234567",
      "/quit",
    ]);
    expect(code).toBe(0);
    expect(output).toContain("No REDIS_URL: data is kept in memory and lost on exit.");
    expect(output).toContain("[1] 🇰🇿 Қазақша");
    expect(output).toContain("Main menu. What do you need?");
    expect(output).toContain("[1] 🛡 Guardianship and trusteeship");
    expect(output).toContain("Kindergarten waiting list");
    expect(output).toContain("📱 Phone number to share");
    expect(output).toContain("Phone: +7 701 123 45 67 ✓");
    expect(output).not.toMatch(/undefined|NaN|\[object Object\]|\n\s+at /);
  });

  it("says so and keeps going in memory when REDIS_URL does not answer", async () => {
    const { code, output } = await chat(["/start", "/quit"], { REDIS_URL: "redis://127.0.0.1:1", CHAT_LANG: "ru" });
    expect(code).toBe(0);
    expect(output).toContain("is not reachable: data is kept in memory and lost on exit.");
    expect(output).toContain("Здравствуйте");
  });
});

describe("the terminal chat says who you are and shows every change (issue 13, item 16)", () => {
  it("names the first user as an administrator, and the user after /as: a citizen, then an officer", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/chat.ts"], {
      env: { PATH: process.env.PATH, CHAT_LANG: "ru" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    const exited = new Promise((resolve) => child.on("exit", resolve));
    const link = await new Promise<string>((resolve) => {
      child.stdout.on("data", (d: Buffer) => {
        output += d.toString();
        const found = /start=(inv_[\w-]+)/.exec(output)?.[1];
        if (found) resolve(found);
      });
      child.stdin.write("/invite\n4\n");
    });
    child.stdin.end(`/as 2\n/start ${link}\n/as 1001\n/as 2\n/quit\n`);
    await exited;
    expect(output).toMatch(/You are user 1001 .*an administrator/);
    expect(output).toMatch(/You are now user 2 .*a citizen/);
    expect(output).toMatch(/You are now user 2 .*an officer: Шотпаева А\.Ш\./);
  });
});

describe("render: buttons-only edits and bare numbers", () => {
  it("shows an edit that changes only the buttons, with the new buttons", async () => {
    const { buttonsOf, renderCall } = await import("../src/chat/render.js");
    const call = {
      method: "editMessageReplyMarkup",
      payload: {
        chat_id: 1,
        message_id: 5,
        reply_markup: { inline_keyboard: [[{ text: "🏠 Главное меню", callback_data: "m" }]] },
      },
    };
    expect(renderCall(call, false)).toBe("✎ (buttons changed)");
    expect(buttonsOf(call)).toEqual([{ kind: "callback", label: "🏠 Главное меню", data: "m" }]);
    const removed = { method: "editMessageReplyMarkup", payload: { chat_id: 1, message_id: 5 } };
    expect(renderCall(removed, false)).toBe("✎ (buttons removed)");
    expect(buttonsOf(removed)).toEqual([]);
  });

  it("sends a bare number as text when no button has that number", async () => {
    const { interpretInput } = await import("../src/chat/render.js");
    const buttons = [{ kind: "callback" as const, label: "A", data: "a" }];
    expect(interpretInput("1", buttons)).toEqual({ kind: "button", button: buttons[0] });
    expect(interpretInput("2", buttons)).toEqual({ kind: "text", text: "2" });
    expect(interpretInput("2026", buttons)).toEqual({ kind: "text", text: "2026" });
    expect(interpretInput("1", undefined)).toEqual({ kind: "text", text: "1" });
    expect(interpretInput("  ", buttons)).toEqual({ kind: "nothing" });
  });
});

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
    const { code, output } = await chat(["/start", "3", "1", "3", "1", "детсад", "/start s21", "1", "1", "Асель Нурланова", "1", "+77011234567", "/quit"]);
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

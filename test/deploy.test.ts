import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/** The Node flags of a command line: the words that start with "--", the .env loading aside. */
function nodeFlags(words: string[]): string[] {
  return words.filter((word) => word.startsWith("--") && !word.startsWith("--env-file"));
}

describe("how production runs the bot", () => {
  const packageJson = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> };
  const startFlags = nodeFlags(packageJson.scripts.start!.split(/\s+/));

  it("gives V8 a young generation sized for a busy bot (docs/PERFORMANCE.md, the semi-space lever)", () => {
    expect(startFlags).toContain("--max-semi-space-size=64");
  });

  it("runs the container with the same Node flags as npm start", () => {
    const dockerfile = readFileSync("deploy/Dockerfile", "utf8");
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile);
    expect(cmd).not.toBeNull();
    const words = JSON.parse(cmd![1]!) as string[];
    expect(words[0]).toBe("node");
    expect(words.at(-1)).toBe("dist/main.js");
    expect(nodeFlags(words)).toEqual(startFlags);
  });
});

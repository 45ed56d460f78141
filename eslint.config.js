// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/**", "coverage/**", "dist/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": ["error", { allow: ["error"] }],
    },
  },
  {
    // One way to build the bot's middleware: FeatureComposer (src/bot/composer.ts says why).
    files: ["src/bot/**"],
    ignores: ["src/bot/composer.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "NewExpression[callee.name='Composer']",
          message: "Build the bot's middleware on FeatureComposer (src/bot/composer.ts), not grammY's Composer.",
        },
      ],
    },
  },
  {
    files: ["src/chat.ts", "bench/**", "test/**", "src/main.ts"],
    rules: { "no-console": "off" },
  },
);

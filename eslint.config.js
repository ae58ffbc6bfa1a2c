// Lint for the whole workspace: typescript-eslint's recommended rules, React hooks in the SPAs.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: ["**/node_modules/**", "**/dist/**", "**/generated/**", "tests/artifacts/**", ".data/**", "**/.turbo/**"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: "module" },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": "off",
    },
  },
  {
    // One way to write raw SQL (ARCHITECTURE.md): statements are built and run through
    // lib/raw-sql.ts, so how values become bound parameters is decided in one file.
    files: ["**/*.{ts,tsx,js,mjs,cjs}"],
    ignores: ["packages/api/src/lib/raw-sql.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "sql-template-tag",
              message:
                "Import sql, raw, join, empty and run statements (queryRows, execute, rawRows) from packages/api/src/lib/raw-sql.ts.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["apps/widget/**/*.{ts,tsx}", "apps/console/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "warn" },
  },
);

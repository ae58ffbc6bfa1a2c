// The staff console SPA, served by the server under /console/ (SPA fallback to index.html).
import react from "@vitejs/plugin-react";
import { defineConfig, type UserConfig } from "vite";

export default defineConfig(({ command }) => {
  // A build inherits NODE_ENV from whoever runs it (vitest sets "test"): a build is always a production build.
  if (command === "build") process.env.NODE_ENV = "production";
  return config;
});

const config = {
  base: "/console/",
  plugins: [react()],
  // One bundle is fine for a staff tool loaded once per day; zod and react-markdown are most of it.
  build: { outDir: "dist", emptyOutDir: true, target: "es2020", sourcemap: false, chunkSizeWarningLimit: 800 },
  server: {
    // `npm run dev -w @support/console` next to a running server on :3000.
    proxy: { "/trpc": "http://127.0.0.1:3000" },
  },
} satisfies UserConfig;

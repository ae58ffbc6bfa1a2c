// The chat SPA that runs inside the widget iframe, served by the server under /widget/.
import react from "@vitejs/plugin-react";
import { defineConfig, type UserConfig } from "vite";

const config = {
  base: "/widget/",
  plugins: [react()],
  build: {
    outDir: "dist/app",
    emptyOutDir: true,
    target: "es2020",
    sourcemap: false,
  },
  server: {
    // `npm run dev -w @support/widget` next to a running server on :3000.
    proxy: { "/trpc": "http://127.0.0.1:3000" },
  },
} satisfies UserConfig;

export default defineConfig(({ command }) => {
  // A build inherits NODE_ENV from whoever runs it (vitest sets "test"), and a non-production value
  // would ship React's development build and dev JSX: a build is always a production build.
  if (command === "build") process.env.NODE_ENV = "production";
  return config;
});

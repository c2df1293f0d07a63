// Vite build, dev/preview server (runtime /config.json and same-origin proxies) and Vitest settings of the frontend.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";
import { proxies, readServerSettings, runtimeConfigPlugin } from "./server/runtime-config.ts";

const settings = readServerSettings();
const port = Number(process.env.FRONTEND_PORT ?? "18173");

export default defineConfig({
  plugins: [react(), runtimeConfigPlugin(settings)],
  server: { port, strictPort: true, host: "127.0.0.1", proxy: proxies(settings) },
  preview: { port, strictPort: true, host: "127.0.0.1", proxy: proxies(settings) },
  build: { target: "es2022", sourcemap: false, chunkSizeWarningLimit: 1500 },
  // Logic tests run in node; component tests opt into jsdom with a `@vitest-environment jsdom` comment.
  test: {
    environment: "node",
    setupFiles: ["./test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}", "server/**/*.test.ts"],
  },
});

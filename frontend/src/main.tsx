// Entry point: loads the runtime configuration, then mounts the app (or a clear message when it cannot start).
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";
import { loadRuntimeConfig } from "./config/runtime.ts";
import "./styles.css";

const container = document.getElementById("root");
if (!container) throw new Error("index.html has no #root element");
const root = createRoot(container);

loadRuntimeConfig().then(
  (config) =>
    root.render(
      <StrictMode>
        <App config={config} />
      </StrictMode>,
    ),
  (error: Error) =>
    root.render(
      <main className="startup-error" role="alert">
        <h1>CLXEND cannot start</h1>
        <p>{error.message}</p>
      </main>,
    ),
);

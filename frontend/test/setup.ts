// Vitest setup: Testing Library's DOM matchers, and cleanup between tests (rendered trees, stubbed globals such as
// a fake fetch, the session storage a staff sign-in writes).
import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach, vi } from "vitest";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  if (typeof sessionStorage !== "undefined") sessionStorage.clear();
});

// Tells React that tests wrap updates in act(), so it reports updates that escape it.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

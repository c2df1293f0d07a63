// Checks of what a person sees, in the real browser: WCAG AA colour contrast of the rendered page (axe-core's
// color-contrast rule, so the real cascade and backgrounds count), the header's layout (no part overlapping another,
// no sideways scrolling) and the console errors and failed requests of a page.
import { AxeBuilder } from "@axe-core/playwright";
import type { Locator, Page } from "playwright-core";

/** Every text of the page below WCAG AA contrast, as "selector: axe's message". */
export async function contrastViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withRules(["color-contrast"]).analyze();
  return result.violations.flatMap((violation) =>
    violation.nodes.map(
      (node) => `${node.target.join(" ")}: ${node.any[0]?.message ?? node.failureSummary}`,
    ),
  );
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The box of a visible element (fails when it is not rendered). */
export async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${locator} is not rendered`);
  return box;
}

/** Whether two boxes share any area (touching edges do not count). */
export function overlap(a: Box, b: Box): boolean {
  const gap = 0.5;
  return (
    a.x + a.width - gap > b.x &&
    b.x + b.width - gap > a.x &&
    a.y + a.height - gap > b.y &&
    b.y + b.height - gap > a.y
  );
}

/** How far the page scrolls sideways (0 when everything fits the viewport's width). */
export async function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** Collects the page's console errors and its failed requests (status 400 and above) from now on. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("response", (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
  });
  return errors;
}

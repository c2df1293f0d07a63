// WCAG 2.x AA contrast of the app's palette (src/styles.css): every text colour on each surface it is drawn on at
// least 4.5:1, focus rings and form-field borders against their surroundings at least 3:1, and every rule that sets
// both a text colour and a background readable on its own. Colours must come from the palette of :root, so these
// pairs cover the sheet; the end-to-end tests also run axe on the rendered screens, where the cascade is real.
import { readFileSync } from "node:fs";
import Color from "color";
import postcss, { type AtRule, type Declaration, type Rule } from "postcss";
import { describe, expect, it } from "vitest";

const AA_TEXT = 4.5;
const AA_NON_TEXT = 3;

const sheet = postcss.parse(readFileSync(new URL("./styles.css", import.meta.url), "utf8"));
const rootRule = sheet.nodes.find(
  (node): node is Rule => node.type === "rule" && node.selector === ":root",
);
if (!rootRule) throw new Error("styles.css has no :root rule");

const palette = new Map<string, string>();
rootRule.walkDecls(/^--/, (decl) => {
  palette.set(decl.prop, decl.value);
});

/** A palette value with its var() references replaced, recursively. */
function resolve(value: string, seen: string[] = []): string {
  return value.replace(/var\((--[\w-]+)\)/g, (_, name: string) => {
    const inner = palette.get(name);
    if (inner === undefined) throw new Error(`${name} is not defined in :root`);
    if (seen.includes(name)) throw new Error(`${name} refers to itself`);
    return resolve(inner, [...seen, name]);
  });
}

/** Contrast of `foreground` on `background` (custom properties or CSS values); translucent colours are laid over
 * the background, and a translucent background over white. */
function contrast(foreground: string, background: string): number {
  const bg = Color(resolve(background));
  const opaqueBg = bg.alpha() < 1 ? Color("#ffffff").mix(bg.alpha(1), bg.alpha()) : bg;
  const fg = Color(resolve(foreground));
  const opaqueFg = fg.alpha() < 1 ? opaqueBg.mix(fg.alpha(1), fg.alpha()) : fg;
  return opaqueFg.contrast(opaqueBg);
}

const v = (name: string) => `var(${name})`;

/** Text colours and the surfaces they are drawn on, with where. */
const textPairs: [foreground: string, background: string, where: string][] = [
  ["--text", "--bg", "body text on the page"],
  ["--text", "--card", "text in cards, fields and tiles"],
  ["--text", "--notice-bg", "text in notices"],
  ["--muted", "--bg", "lead, hints and notes on the page"],
  ["--muted", "--card", "hints, notes and fact labels in cards"],
  ["--muted", "--notice-bg", "hints in notices"],
  ["--brand", "--bg", "links on the page"],
  ["--brand", "--card", "links in cards and secondary buttons"],
  ["--brand", "--notice-bg", "links in notices"],
  ["--ok", "--bg", "a valid KYC badge on the page"],
  ["--ok", "--card", "a valid KYC badge in a card"],
  ["--bad", "--bg", "blocking reasons and expired badges on the page"],
  ["--bad", "--card", "blocking reasons and expired badges in a card"],
  ["--wait", "--bg", "a KYC badge that expires soon, on the page"],
  ["--wait", "--card", "a KYC badge that expires soon, in a card"],
  ["--header-text", "--header-bg", "the brand and links in the header"],
  ["--header-soft", "--header-bg", "navigation, network label and the wallet hint in the header"],
  ["--header-text", "--header-active-bg", "the current page in the navigation"],
  ["--header-button-text", "--header-button-bg", "buttons in the header"],
];

/** Non-text colours that must stand out from what surrounds them (WCAG 1.4.11). */
const nonTextPairs: [foreground: string, background: string, where: string][] = [
  ["--focus", "--bg", "focus ring on the page"],
  ["--focus", "--card", "focus ring in cards"],
  ["--focus", "--notice-bg", "focus ring in notices"],
  ["--focus-on-dark", "--header-bg", "focus ring in the header"],
  ["--focus", "--wait-bg", "focus ring in the wrong-network banner"],
  ["--field-line", "--card", "border of an input on its own background"],
  ["--field-line", "--bg", "border of an input on the page"],
  ["--online", "--header-bg", "the connected-wallet dot"],
];

const colourProps =
  /^(color|background(-color)?|border(-[a-z]+)*|outline(-color)?|fill|stroke|box-shadow)$/;

/** Every rule of the sheet but :root and keyframe steps, inside @media too. */
function rules(): Rule[] {
  const found: Rule[] = [];
  sheet.walkRules((rule) => {
    const inKeyframes =
      rule.parent?.type === "atrule" && (rule.parent as AtRule).name === "keyframes";
    if (rule !== rootRule && !inKeyframes) found.push(rule);
  });
  return found;
}

function declared(rule: Rule, prop: RegExp): Declaration | undefined {
  return rule.nodes.find(
    (node): node is Declaration => node.type === "decl" && prop.test(node.prop),
  );
}

/** The rule's own background colour; `none` and `transparent` leave the text on the surface below. */
function ownBackground(rule: Rule): Declaration | undefined {
  const background = declared(rule, /^background(-color)?$/);
  return background && !/^(none|transparent)$/.test(background.value) ? background : undefined;
}

/** Colour literals in a value (hex, rgb()/hsl(), named colours); var(), currentColor and transparent are fine. */
function colourLiterals(value: string): string[] {
  const withoutVars = value.replace(/var\([^)]*\)/g, " ");
  const functions = withoutVars.match(/#[0-9a-f]{3,8}\b|(?:rgb|hsl)a?\([^)]*\)/gi) ?? [];
  const words = (withoutVars.match(/\b[a-z]+\b/gi) ?? []).filter((word) => {
    if (/^(currentcolor|transparent|inherit|none|initial|unset)$/i.test(word)) return false;
    try {
      Color(word);
      return true;
    } catch {
      return false;
    }
  });
  return [...functions, ...words];
}

describe("the palette of styles.css", () => {
  it.each(textPairs)("%s on %s (%s) meets 4.5:1", (foreground, background) => {
    expect(contrast(v(foreground), v(background))).toBeGreaterThanOrEqual(AA_TEXT);
  });

  it.each(nonTextPairs)("%s against %s (%s) meets 3:1", (foreground, background) => {
    expect(contrast(v(foreground), v(background))).toBeGreaterThanOrEqual(AA_NON_TEXT);
  });

  it("has every colour of the rules from the palette, so the pairs above cover the sheet", () => {
    const literals = rules().flatMap((rule) =>
      rule.nodes
        .filter((node): node is Declaration => node.type === "decl" && colourProps.test(node.prop))
        .flatMap((decl) =>
          colourLiterals(decl.value).map((found) => `${rule.selector} { ${decl.prop}: ${found} }`),
        ),
    );

    expect(literals).toEqual([]);
  });

  it("meets 4.5:1 in every rule that sets both a text colour and a background", () => {
    const failing = rules().flatMap((rule) => {
      const color = declared(rule, /^color$/);
      const background = ownBackground(rule);
      if (!color || !background) return [];
      const ratio = contrast(color.value, background.value);
      return ratio >= AA_TEXT ? [] : [`${rule.selector}: ${ratio.toFixed(2)}:1`];
    });

    expect(failing).toEqual([]);
  });

  it("checks every text colour the sheet uses against a surface", () => {
    const paired = new Set(textPairs.map(([foreground]) => foreground));
    const unchecked = rules().flatMap((rule) => {
      const color = declared(rule, /^color$/);
      if (!color || ownBackground(rule)) return [];
      const name = /^var\((--[\w-]+)\)$/.exec(color.value)?.[1];
      return name && paired.has(name) ? [] : [`${rule.selector} { color: ${color.value} }`];
    });

    expect(unchecked).toEqual([]);
  });
});

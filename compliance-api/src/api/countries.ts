// ISO 3166-1 alpha-2 country codes, from the i18n-iso-countries package (maintained list, no hand-typed codes).
// The package's index (codes without country names) is imported directly: its Node entry also loads every language.
import countries from "i18n-iso-countries/index.js";
import { z } from "zod";

/** Every code ISO 3166-1 assigns (plus XK, Kosovo, which the package lists as in common use). */
export const ISO_COUNTRY_CODES: ReadonlySet<string> = new Set(
  Object.keys(countries.getAlpha2Codes()),
);

/** Whether `code` is an assigned ISO 3166-1 alpha-2 code, in capitals. */
export function isCountryCode(code: string): boolean {
  return ISO_COUNTRY_CODES.has(code);
}

/** A country as ISO 3166-1 alpha-2 code in capitals, e.g. NG; unassigned codes such as ZZ or UK are refused. */
export const countryCode = (example = "NG") => {
  const message = `must be an ISO 3166-1 alpha-2 country code in capitals, e.g. ${example} (ZZ, UK or EU are not country codes)`;
  return z
    .string()
    .regex(/^[A-Z]{2}$/, { message, abort: true })
    .refine(isCountryCode, { message })
    .meta({ example });
};

// RFC 8785 JSON canonicalization (JCS) through the `canonicalize` package, typed for this ESM code base.
import canonicalizeModule from "canonicalize";

// The package is CommonJS whose module.exports is the function; its typings declare it as a default export.
const canonicalizeFn = canonicalizeModule as unknown as (input: unknown) => string | undefined;

/** The canonical JSON text of `value`; throws for values JSON cannot represent. */
export function canonicalJson(value: unknown): string {
  const text = canonicalizeFn(value);
  if (text === undefined) throw new Error("value cannot be canonicalized as JSON");
  return text;
}

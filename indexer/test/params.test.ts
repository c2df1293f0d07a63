// Parameter validation of the REST API without a server: chain ids and limits are decimal integers in range (property
// tests with a fixed seed, so a failure replays), query strings take only their route's names, once each, and the
// method table behind 405 answers.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { z } from "zod";
import { ApiError } from "../src/api/errors.ts";
import { allowedMethods } from "../src/api/methods.ts";
import {
  chainIdParam,
  dayParam,
  limitParam,
  MAX_CHAIN_ID,
  parseQuery,
  requireIndexedChain,
} from "../src/api/params.ts";

const SEED = 20_251_204;
const runs = { seed: SEED, numRuns: 500 };

/** The first problem zod reports for `input`, or undefined when it parses. */
function problem(schema: z.ZodTypeAny, input: unknown): string | undefined {
  const result = schema.safeParse(input);
  return result.success ? undefined : result.error.issues[0]?.message;
}

/** Strings that a loose `Number()` reads as a number but that are not plain decimal digits. */
const looseNumbers = fc.oneof(
  fc.integer({ min: 1, max: 99_999 }).map((n) => `${n}e1`),
  fc.integer({ min: 1, max: 9 }).map((n) => `1e${n}`),
  fc.integer({ min: 1, max: MAX_CHAIN_ID }).map((n) => `0x${n.toString(16)}`),
  fc.integer({ min: 1, max: MAX_CHAIN_ID }).map((n) => `0o${n.toString(8)}`),
  fc.integer({ min: 1, max: MAX_CHAIN_ID }).map((n) => `0b${n.toString(2)}`),
  fc.integer({ min: 1, max: MAX_CHAIN_ID }).map((n) => `+${n}`),
  fc.integer({ min: 1, max: MAX_CHAIN_ID }).map((n) => `0${n}`),
  fc.integer({ min: 1, max: MAX_CHAIN_ID }).map((n) => ` ${n}`),
  fc.integer({ min: 1, max: MAX_CHAIN_ID }).map((n) => `${n}.0`),
  fc.integer({ min: 1, max: MAX_CHAIN_ID }).map((n) => `${n}n`),
  fc.constantFrom("-1", "Infinity", "NaN", "", "1_000", "٣١٣٣٧"),
);

describe("chainId parameter", () => {
  it("accepts every chain id from 1 to 2^31-1 written in decimal digits", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_CHAIN_ID }), (chainId) => {
        assert.equal(chainIdParam.parse(String(chainId)), chainId);
      }),
      runs,
    );
  });

  it("refuses chain ids above 2^31-1, naming the limit", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: BigInt(MAX_CHAIN_ID) + 1n, max: 10n ** 40n }), (chainId) => {
        assert.equal(problem(chainIdParam, chainId.toString()), `must be at most ${MAX_CHAIN_ID}`);
      }),
      runs,
    );
  });

  it("refuses exponents, hex, octal, binary, signs, leading zeros, spaces and fractions", () => {
    assert.match(problem(chainIdParam, "1e5") ?? "", /decimal digits, such as 31337/);
    assert.match(problem(chainIdParam, "0x7a69") ?? "", /decimal digits, such as 31337/);
    fc.assert(
      fc.property(looseNumbers, (text) => {
        assert.notEqual(problem(chainIdParam, text), undefined, text);
      }),
      runs,
    );
  });

  it("refuses 0 and every string that is not canonical decimal", () => {
    assert.equal(problem(chainIdParam, "0"), "must be at least 1");
    fc.assert(
      fc.property(
        fc.string().filter((text) => !/^[1-9][0-9]{0,9}$/.test(text)),
        (text) => {
          assert.equal(chainIdParam.safeParse(text).success, false, JSON.stringify(text));
        },
      ),
      runs,
    );
  });

  it("answers a well-formed chain id that is not indexed with 404 naming the indexed chains", () => {
    assert.doesNotThrow(() => requireIndexedChain(31337, [31337, 31338]));
    assert.throws(
      () => requireIndexedChain(5, [31337, 31338]),
      (error: unknown) =>
        error instanceof ApiError &&
        error.status === 404 &&
        error.code === "chain_not_indexed" &&
        error.message === "Chain 5 is not indexed here; this indexer indexes chains 31337, 31338.",
    );
  });
});

describe("limit parameter", () => {
  it("accepts 1 to 100 in decimal digits and defaults to 25", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), (limit) => {
        assert.equal(limitParam.parse(String(limit)), limit);
      }),
      runs,
    );
    assert.equal(limitParam.parse(undefined), 25);
  });

  it("refuses loose numbers and values out of range", () => {
    assert.equal(problem(limitParam, "0"), "must be at least 1");
    assert.equal(problem(limitParam, "101"), "must be at most 100");
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: 1, max: 9 }).map((n) => `${n}e1`),
          fc.integer({ min: 1, max: 100 }).map((n) => `0x${n.toString(16)}`),
          fc.integer({ min: 1, max: 100 }).map((n) => `${n}.5`),
          fc.integer({ min: 101, max: 1_000_000 }).map(String),
        ),
        (text) => {
          assert.notEqual(problem(limitParam, text), undefined, text);
        },
      ),
      runs,
    );
  });
});

describe("day parameter", () => {
  it("reads every calendar date from 1970 to 2100 as its day number", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("1970-01-01T00:00:00Z"),
          max: new Date("2100-12-31T00:00:00Z"),
          noInvalidDate: true,
        }),
        (date) => {
          const day = Math.floor(date.getTime() / 86_400_000);
          assert.equal(dayParam.parse(date.toISOString().slice(0, 10)), day);
        },
      ),
      runs,
    );
  });

  it("refuses days a month does not have (Date.parse rolls them over)", () => {
    for (const value of ["2025-02-29", "2025-02-30", "2024-04-31", "2025-13-01", "2025-00-10"]) {
      assert.equal(problem(dayParam, value), "must be a real calendar date", value);
    }
    assert.equal(dayParam.parse("2024-02-29"), Date.UTC(2024, 1, 29) / 86_400_000);
  });
});

describe("query strings", () => {
  const schema = z.object({ limit: limitParam, role: z.enum(["any", "sender"]).optional() });

  it("parses the names a route takes", () => {
    assert.deepEqual(parseQuery(schema, { limit: ["5"], role: ["sender"] }), {
      limit: 5,
      role: "sender",
    });
  });

  it("refuses a name the route does not take, listing the ones it does", () => {
    assert.throws(
      () => parseQuery(schema, { limit: ["5"], lmit: ["5"] }),
      (error: unknown) =>
        error instanceof ApiError &&
        error.status === 400 &&
        error.message === "Invalid lmit: is not a parameter of this route (it takes limit, role).",
    );
  });

  it("refuses a name given twice", () => {
    assert.throws(
      () => parseQuery(schema, { limit: ["5", "6"] }),
      (error: unknown) =>
        error instanceof ApiError &&
        error.status === 400 &&
        error.message === "Invalid limit: is given 2 times; give it once.",
    );
  });
});

describe("allowed methods", () => {
  const routes = [
    { method: "ALL", path: "*" },
    { method: "GET", path: "/graphql" },
    { method: "POST", path: "/graphql" },
    { method: "GET", path: "/api/accounts/:chainId/:address" },
    { method: "GET", path: "/sql/*" },
  ];

  it("lists the methods of every route matching the path, HEAD with GET and OPTIONS", () => {
    assert.deepEqual(allowedMethods(routes, "/graphql"), ["GET", "HEAD", "POST", "OPTIONS"]);
    assert.deepEqual(allowedMethods(routes, "/api/accounts/1/0xab"), ["GET", "HEAD", "OPTIONS"]);
    assert.deepEqual(allowedMethods(routes, "/sql/db"), ["GET", "HEAD", "OPTIONS"]);
    assert.deepEqual(allowedMethods(routes, "/ready"), ["GET", "HEAD", "OPTIONS"]);
  });

  it("lists nothing for a path no route matches (a 404, not a 405)", () => {
    assert.deepEqual(allowedMethods(routes, "/api/nothing"), []);
    assert.deepEqual(allowedMethods(routes, "/api/accounts/1"), []);
  });
});

// Component tests of a decision's reasons (@vitest-environment jsdom) with only the network faked: codes, blocking
// reasons, and for a sanctions hit the list it was found in, read from the compliance API's real client.
import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { apiError, FakeServices } from "../../test/fake-services.ts";
import { renderWithApp } from "../../test/render.tsx";
import type { Reason } from "../api/compliance.ts";
import { DecisionReasons } from "./DecisionReasons.tsx";

const VERSION = `0x${"f2".repeat(32)}`;
const LISTS = "/api/compliance/v1/sanctions/version";
const sanctioned: Reason = {
  code: "SANCTIONED_RECIPIENT",
  weight: 100,
  blocking: true,
  message: "The recipient is on a sanctions list.",
  details: { listVersion: VERSION },
};
const newRecipient: Reason = {
  code: "NEW_RECIPIENT",
  weight: 10,
  blocking: false,
  message: "The sender has not paid this recipient before.",
};

function listsBody(version = VERSION) {
  const source = (name: string, addressCount: number) => ({
    source: `/srv/sanctions/${name}`,
    format: "text",
    sha256: `0x${"ab".repeat(32)}`,
    addressCount,
    ignoredCount: 0,
    snapshotDate: "2024-09-27",
  });
  return {
    version,
    snapshotDate: "2024-09-27",
    addressCount: 153,
    loadedAt: "2026-12-03T09:00:00.000Z",
    sources: [source("ofac-sdn-ARB.txt", 1), source("ofac-sdn-ETH.txt", 152)],
  };
}

describe("DecisionReasons", () => {
  it("says so when there is no reason", () => {
    renderWithApp(<DecisionReasons reasons={[]} />, {
      connected: null,
      services: new FakeServices(),
    });

    expect(screen.getByText("No risk found.")).toBeVisible();
  });

  it("shows each reason with its code, blocking ones marked, and the sanctions list that matched", async () => {
    const services = new FakeServices().on("GET", LISTS, { body: listsBody() });
    renderWithApp(<DecisionReasons reasons={[sanctioned, newRecipient]} />, {
      connected: null,
      services,
    });

    expect(await screen.findByTestId("sanctions-list")).toHaveTextContent(
      "Sanctions list 0xf2f2f2f2… (153 addresses, snapshot of 2024-09-27): ofac-sdn-ARB.txt, ofac-sdn-ETH.txt.",
    );
    const [first, second] = screen.getAllByRole("listitem");
    expect(first).toHaveClass("blocking");
    expect(first).toHaveTextContent(/^The recipient is on a sanctions list\. SANCTIONED_RECIPIENT/);
    expect(second).not.toHaveClass("blocking");
    expect(second).toHaveTextContent(
      "The sender has not paid this recipient before. NEW_RECIPIENT",
    );
  });

  it("says when the service has loaded a newer list than the one the decision used", async () => {
    const services = new FakeServices().on("GET", LISTS, {
      body: listsBody(`0x${"aa".repeat(32)}`),
    });
    renderWithApp(<DecisionReasons reasons={[sanctioned]} />, { connected: null, services });

    expect(await screen.findByTestId("sanctions-list")).toHaveTextContent(
      "Sanctions list version 0xf2f2f2f2…; the service has loaded a newer list since.",
    );
  });

  it("shows the pending state, then the service's sentence when the list cannot be read", async () => {
    const services = new FakeServices().on(
      "GET",
      LISTS,
      apiError(429, "RATE_LIMITED", "Too many requests; try again in 20 seconds."),
    );
    renderWithApp(<DecisionReasons reasons={[sanctioned]} />, { connected: null, services });

    expect(screen.getByText("Reading which sanctions list matched…")).toBeVisible();
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Too many requests; try again in 20 seconds.",
    );
  });
});

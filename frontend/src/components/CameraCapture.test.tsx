// Component tests of the camera capture (@vitest-environment jsdom): the upload fallback when there is no camera
// or access is refused, and the file types it accepts.
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderWithApp } from "../../test/render.tsx";
import { CameraCapture } from "./CameraCapture.tsx";

const PNG = new File([new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10])], "selfie.png", {
  type: "image/png",
});

function renderCapture(onCapture = vi.fn()) {
  renderWithApp(
    <CameraCapture
      label="Selfie"
      guidance="Face the camera."
      facingMode="user"
      value={null}
      onCapture={onCapture}
    />,
    { connected: null },
  );
  return onCapture;
}

afterEach(() => {
  Object.defineProperty(navigator, "mediaDevices", { value: undefined, configurable: true });
});

describe("CameraCapture", () => {
  it("offers the upload when the browser has no camera API", async () => {
    renderCapture();

    await userEvent.click(screen.getByRole("button", { name: "Use camera" }));

    expect(screen.getByRole("alert")).toHaveTextContent(
      "This browser cannot use a camera here. Upload a photo instead.",
    );
  });

  it("explains a refused camera permission", async () => {
    const denied = Object.assign(new Error("denied"), { name: "NotAllowedError" });
    Object.defineProperty(navigator, "mediaDevices", {
      value: { getUserMedia: vi.fn().mockRejectedValue(denied) },
      configurable: true,
    });
    renderCapture();

    await userEvent.click(screen.getByRole("button", { name: "Use camera" }));

    expect(await screen.findByRole("alert")).toHaveTextContent(/Camera access was refused/);
  });

  it("passes an uploaded PNG on as a data URL", async () => {
    const onCapture = renderCapture();

    await userEvent.upload(screen.getByLabelText("Upload a photo"), PNG);

    await waitFor(() =>
      expect(onCapture).toHaveBeenCalledWith(expect.stringMatching(/^data:image\/png;base64,/)),
    );
  });

  it("refuses a file that is not a JPEG or PNG", async () => {
    const onCapture = renderCapture();
    const pdf = new File(["%PDF"], "id.pdf", { type: "application/pdf" });

    await userEvent.upload(screen.getByLabelText("Upload a photo"), pdf, { applyAccept: false });

    expect(screen.getByRole("alert")).toHaveTextContent("Choose a JPEG or PNG photo.");
    expect(onCapture).not.toHaveBeenCalled();
  });
});

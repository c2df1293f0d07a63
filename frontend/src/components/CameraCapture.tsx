// Takes a photo with the device camera (getUserMedia), with a file upload as fallback when there is no camera or
// the user refuses access. Produces a JPEG or PNG data URL.
import { useCallback, useEffect, useId, useRef, useState } from "react";

type CameraState = "off" | "starting" | "live" | "unavailable";

export function CameraCapture(props: {
  label: string;
  guidance: string;
  facingMode: "user" | "environment";
  value: string | null;
  onCapture: (dataUrl: string | null) => void;
}) {
  const id = useId();
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const [state, setState] = useState<CameraState>("off");
  const [problem, setProblem] = useState<string | null>(null);

  const stop = useCallback(() => {
    for (const track of stream.current?.getTracks() ?? []) track.stop();
    stream.current = null;
  }, []);
  useEffect(() => stop, [stop]);

  const start = async () => {
    setProblem(null);
    if (!navigator.mediaDevices?.getUserMedia) {
      setState("unavailable");
      setProblem("This browser cannot use a camera here. Upload a photo instead.");
      return;
    }
    setState("starting");
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: props.facingMode, width: { ideal: 1280 }, height: { ideal: 720 } },
        audio: false,
      });
      if (video.current) {
        video.current.srcObject = stream.current;
        await video.current.play();
      }
      setState("live");
    } catch (error) {
      setState("unavailable");
      setProblem(
        (error as Error).name === "NotAllowedError"
          ? "Camera access was refused. Allow it in your browser's site settings, or upload a photo instead."
          : "No camera could be started. Upload a photo instead.",
      );
    }
  };

  const capture = () => {
    const element = video.current;
    if (!element || element.videoWidth === 0) {
      setProblem("The camera has no picture yet. Wait a moment and try again.");
      return;
    }
    const canvas = document.createElement("canvas");
    canvas.width = element.videoWidth;
    canvas.height = element.videoHeight;
    canvas.getContext("2d")?.drawImage(element, 0, 0);
    props.onCapture(canvas.toDataURL("image/jpeg", 0.92));
    stop();
    setState("off");
  };

  const upload = (file: File | undefined) => {
    if (!file) return;
    if (!/^image\/(jpeg|png)$/.test(file.type)) {
      setProblem("Choose a JPEG or PNG photo.");
      return;
    }
    const reader = new FileReader();
    reader.onload = () => props.onCapture(String(reader.result));
    reader.onerror = () => setProblem("The file could not be read. Choose another photo.");
    reader.readAsDataURL(file);
  };

  return (
    <fieldset className="capture">
      <legend>{props.label}</legend>
      <p className="hint">{props.guidance}</p>
      <div className="capture-area">
        {props.value && state !== "live" ? (
          <img src={props.value} alt={`${props.label}: captured`} className="preview" />
        ) : null}
        <video
          ref={video}
          className={state === "live" ? "preview" : "hidden"}
          playsInline
          muted
          aria-label={`${props.label}: camera view`}
        />
        {state === "live" ? <div className="face-guide" aria-hidden="true" /> : null}
      </div>
      <div className="row">
        {state === "live" ? (
          <button type="button" onClick={capture}>
            Take photo
          </button>
        ) : (
          <button type="button" onClick={start} disabled={state === "starting"}>
            {props.value ? "Retake with camera" : "Use camera"}
          </button>
        )}
        <label className="button secondary" htmlFor={`${id}-file`}>
          Upload a photo
        </label>
        <input
          id={`${id}-file`}
          className="visually-hidden"
          type="file"
          accept="image/jpeg,image/png"
          onChange={(event) => upload(event.target.files?.[0])}
        />
      </div>
      {state === "starting" ? <output>Starting the camera…</output> : null}
      {problem ? (
        <p className="status status-error" role="alert">
          {problem}
        </p>
      ) : null}
    </fieldset>
  );
}

// Telling an agent that a customer needs them while they look elsewhere: a short tone (mutable,
// remembered in this browser), a desktop notification (only once the agent allowed them, asked
// from a click), and a count in the tab title.
import { useEffect, useState } from "react";

const MUTED_KEY = "support-console.sound-muted";

export function soundMuted(): boolean {
  try {
    return localStorage.getItem(MUTED_KEY) === "1";
  } catch {
    return false;
  }
}

export function setSoundMuted(muted: boolean) {
  try {
    localStorage.setItem(MUTED_KEY, muted ? "1" : "0");
  } catch {
    // Private mode without storage: the choice lasts until the page closes.
  }
  window.dispatchEvent(new Event("support-console:sound"));
}

export function useSoundMuted(): [boolean, (muted: boolean) => void] {
  const [muted, setMuted] = useState(soundMuted);
  useEffect(() => {
    const update = () => setMuted(soundMuted());
    window.addEventListener("support-console:sound", update);
    window.addEventListener("storage", update);
    return () => {
      window.removeEventListener("support-console:sound", update);
      window.removeEventListener("storage", update);
    };
  }, []);
  return [muted, setSoundMuted];
}

let audio: AudioContext | null = null;

/** Two short notes, synthesised: no sound file to load or to be blocked by the CSP. */
export function playAlertTone() {
  if (soundMuted()) return;
  try {
    audio ??= new AudioContext();
    const ctx = audio;
    const start = ctx.currentTime;
    for (const [i, freq] of [880, 1175].entries()) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, start + i * 0.16);
      gain.gain.exponentialRampToValueAtTime(0.2, start + i * 0.16 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.16 + 0.15);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start + i * 0.16);
      osc.stop(start + i * 0.16 + 0.16);
    }
  } catch {
    // No audio output (or the browser refused before any click): the title and notification remain.
  }
}

export type NotificationPermissionState = NotificationPermission | "unsupported";

export function notificationPermission(): NotificationPermissionState {
  return typeof Notification === "undefined" ? "unsupported" : Notification.permission;
}

/** Must run from a click: browsers ignore (or penalise) permission prompts nobody asked for. */
export async function askNotificationPermission(): Promise<NotificationPermissionState> {
  if (typeof Notification === "undefined") return "unsupported";
  return Notification.requestPermission();
}

/** Shows a desktop notification if allowed; clicking it brings the console to that conversation. */
export function notify(title: string, body: string, onClick: () => void) {
  if (notificationPermission() !== "granted") return;
  try {
    const n = new Notification(title, { body, tag: title + body });
    n.onclick = () => {
      window.focus();
      onClick();
      n.close();
    };
  } catch {
    // Some browsers only allow notifications from a service worker; the tone and title still tell.
  }
}

'use client';
/**
 * The browser check (app/lib/trial-types/browser-check.ts): measures the refresh rate, reads
 * the window size live while the participant may enlarge it, and detects phones and
 * touch-only devices. A passing check, a device that cannot take part, or a participant who
 * says the window cannot be made larger is sent to the server, which decides.
 */
import { useEffect, useState } from 'react';
import { evaluateBrowserCheck, type BrowserCheckData } from '../../lib/trial-types/browser-check';
import styles from './participant.module.css';
import { measureFrameInterval } from './preload';
import { ScreenHeading } from './screen';

function observe(refreshHz: number | null): BrowserCheckData {
  return {
    userAgent: navigator.userAgent.slice(0, 1000),
    windowWidth: window.innerWidth,
    windowHeight: window.innerHeight,
    screenWidth: window.screen.width,
    screenHeight: window.screen.height,
    devicePixelRatio: window.devicePixelRatio,
    refreshHz,
    touchOnly: !window.matchMedia('(any-pointer: fine)').matches,
  };
}

export function BrowserCheck({
  minWindow,
  startLabel,
  onDone,
}: {
  minWindow: { width: number; height: number };
  startLabel: string;
  onDone: (check: BrowserCheckData) => Promise<void>;
}) {
  const [refreshHz, setRefreshHz] = useState<number | null | undefined>(undefined);
  const [check, setCheck] = useState<BrowserCheckData | null>(null);
  const [sending, setSending] = useState(false);

  useEffect(() => {
    let live = true;
    measureFrameInterval(40).then((ms) => live && setRefreshHz(ms > 0 ? Math.round((10_000 / ms)) / 10 : null));
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (refreshHz === undefined) return;
    const update = () => setCheck(observe(refreshHz));
    update();
    window.addEventListener('resize', update);
    return () => window.removeEventListener('resize', update);
  }, [refreshHz]);

  const verdict = check && evaluateBrowserCheck(check, { minWindow });
  const send = async (data: BrowserCheckData) => {
    setSending(true);
    try {
      await onDone(data);
    } finally {
      setSending(false);
    }
  };

  // Phones and touch-only devices cannot become suitable: report at once.
  useEffect(() => {
    if (check && verdict && !verdict.ok && verdict.reason !== 'window' && !sending) void send(check);
  }, [check]);

  return (
    <main className={styles.page}>
      <ScreenHeading title="Browser check">Checking your browser</ScreenHeading>
      <div className={styles.card} data-testid="browser-check">
        {!check && <p>Measuring your screen… this takes a second.</p>}
        {check && verdict?.ok && (
          <>
            <p className={styles.good}>Your browser is ready.</p>
            <p className={styles.muted}>
              Window {check.windowWidth} x {check.windowHeight}, {check.refreshHz ? `${check.refreshHz} Hz` : 'refresh rate unknown'}.
            </p>
            <div className={styles.actions}>
              <button type="button" className="primary" disabled={sending} onClick={() => void send(check)}>
                {startLabel}
              </button>
            </div>
          </>
        )}
        {check && verdict && !verdict.ok && verdict.reason === 'window' && (
          <>
            <p>
              Your browser window is too small: it must be at least {minWindow.width} x {minWindow.height} pixels, and it is {check.windowWidth} x{' '}
              {check.windowHeight}. Please enlarge the window (or zoom out with Ctrl and −); this page notices at once.
            </p>
            <div className={styles.actions}>
              <button type="button" disabled={sending} onClick={() => void send({ ...check, gaveUp: true })}>
                My window cannot be made larger
              </button>
            </div>
          </>
        )}
        {check && verdict && !verdict.ok && verdict.reason !== 'window' && <p>{verdict.message}</p>}
      </div>
    </main>
  );
}

'use client';
/**
 * What every participant screen does on arrival: its heading takes the focus (so a screen
 * reader reads the new screen from its title, and keyboard users start there), and the
 * document's title names the step, then the study ("Instructions – Lab X colour study"), so
 * each step has its own entry in the browser's history and tab.
 */
import { createContext, useContext, useEffect, useRef } from 'react';

/** The study's title, for the document titles of its screens (set by ParticipantApp). */
export const StudyTitle = createContext('');

/** "Step – Study", or the study's title alone for an unnamed step. */
export function screenTitle(step: string, study: string): string {
  return step && study ? `${step} – ${study}` : step || study;
}

/** Sets the document title while the screen shows. */
export function useScreenTitle(step: string): void {
  const study = useContext(StudyTitle);
  useEffect(() => {
    if (!study && !step) return;
    const wanted = screenTitle(step, study);
    const apply = () => {
      if (document.title !== wanted) document.title = wanted;
    };
    apply();
    // Next.js streams the page's metadata, so its <title> can arrive after the screen did: keep this one.
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, [step, study]);
}

/** The screen's h1: focused when it appears (not scrolled to), without a focus ring of its own. */
export function ScreenHeading({ children, className, title }: { children: React.ReactNode; className?: string; title: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useScreenTitle(title);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} className={className} data-screen-heading="">
      {children}
    </h1>
  );
}

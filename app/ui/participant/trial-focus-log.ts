/**
 * What happened to the page while a trial ran: how often it was hidden or lost the focus
 * (another tab, another window, a notification taking the keyboard) and, in studies that ask
 * for full screen, how often full screen was left. Counted from the trial's start to its
 * answer and sent with the answer (focusLosses, fullscreenExits), so every trial row says
 * whether the participant looked away. Leaving the tab fires both `blur` and
 * `visibilitychange`: one departure counts once, until the page is back.
 */
export interface FocusRecord {
  focusLosses: number;
  /** Only in studies that ask for full screen. */
  fullscreenExits?: number;
}

export class TrialFocusLog {
  private away = false;
  private active = false;
  private losses = 0;
  private exits = 0;

  constructor(private readonly fullscreen: boolean) {}

  /** Listens on the page; returns the function that stops listening. */
  attach(): () => void {
    const leave = () => {
      if (!this.away && this.active) this.losses++;
      this.away = true;
    };
    const back = () => {
      this.away = false;
    };
    const visibility = () => (document.visibilityState === 'hidden' ? leave() : back());
    const fullscreen = () => {
      if (this.active && this.fullscreen && !document.fullscreenElement) this.exits++;
    };
    window.addEventListener('blur', leave);
    window.addEventListener('focus', back);
    document.addEventListener('visibilitychange', visibility);
    document.addEventListener('fullscreenchange', fullscreen);
    return () => {
      window.removeEventListener('blur', leave);
      window.removeEventListener('focus', back);
      document.removeEventListener('visibilitychange', visibility);
      document.removeEventListener('fullscreenchange', fullscreen);
    };
  }

  /** The trial starts: count from zero. */
  start(): void {
    this.losses = 0;
    this.exits = 0;
    this.away = false;
    this.active = true;
  }

  /** The answer is given: the counts, and counting stops. */
  take(): FocusRecord {
    this.active = false;
    return this.fullscreen ? { focusLosses: this.losses, fullscreenExits: this.exits } : { focusLosses: this.losses };
  }
}

/**
 * Trials are fetched and their images decoded before they are shown: `img.decode()` resolves
 * only when the pixels are ready, so an image appears whole in the frame it is made visible
 * (no progressive loading, no blank box). The decoded <img> elements themselves are what the
 * trial puts on screen: the images are served `no-store`, so a new element would load again.
 * The next trial is loaded while the current one runs.
 */
import type { SingleImageTrialView, TrialView, TwoAfcTrialView } from '../../lib/session/api-types';
import { getJson, type ConnectionListener } from './api';

export type LoadedTrial =
  | { view: TwoAfcTrialView; images: [HTMLImageElement, HTMLImageElement] }
  | { view: SingleImageTrialView; images: [HTMLImageElement] };
export type LoadedTwoAfcTrial = Extract<LoadedTrial, { view: TwoAfcTrialView }>;
export type LoadedSingleImageTrial = Extract<LoadedTrial, { view: SingleImageTrialView }>;

const RETRIES = 6;

async function decodedImage(url: string, onTrouble?: ConnectionListener): Promise<HTMLImageElement> {
  for (let attempt = 0; ; attempt++) {
    const img = new Image();
    img.alt = '';
    img.draggable = false;
    img.src = url;
    try {
      await img.decode();
      if (attempt > 0) onTrouble?.(false);
      return img;
    } catch (e) {
      if (attempt >= RETRIES) throw e;
      onTrouble?.(true);
      await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
    }
  }
}

export class TrialLoader {
  private readonly cache = new Map<number, Promise<LoadedTrial>>();

  constructor(
    private readonly token: string,
    private readonly onTrouble?: ConnectionListener,
  ) {}

  /** The trial with both images decoded; started once per index, shared by later calls. */
  get(index: number): Promise<LoadedTrial> {
    let loading = this.cache.get(index);
    if (!loading) {
      loading = this.load(index);
      this.cache.set(index, loading);
      // A failed load may be tried again later (e.g. after the connection returns).
      loading.catch(() => this.cache.delete(index));
    }
    return loading;
  }

  /** Starts loading in the background; errors surface when the trial is needed. */
  prefetch(index: number): void {
    this.get(index).catch(() => undefined);
  }

  forget(index: number): void {
    this.cache.delete(index);
  }

  /**
   * The trial ready to run: loaded (or preloaded) with its images, and, for a hype-time trial
   * fetched ahead before its exposure was decided, its view fetched again now that it is next.
   */
  async ready(index: number): Promise<LoadedTrial> {
    const trial = await this.get(index);
    if (trial.view.trialType !== 'single-image' || !trial.view.exposurePending) return trial;
    const view = await getJson<TrialView>(`/api/sessions/${this.token}/trials/${index}`, this.onTrouble);
    if (view.trialType !== 'single-image') throw new Error(`trial ${index} changed its type`);
    const fresh: LoadedTrial = { view, images: [trial.images[0]] };
    this.cache.set(index, Promise.resolve(fresh));
    return fresh;
  }

  private async load(index: number): Promise<LoadedTrial> {
    const view = await getJson<TrialView>(`/api/sessions/${this.token}/trials/${index}`, this.onTrouble);
    if (view.trialType === 'single-image') return { view, images: [await decodedImage(view.images[0], this.onTrouble)] };
    const [a, b] = await Promise.all(view.images.map((url) => decodedImage(url, this.onTrouble)));
    return { view, images: [a, b] };
  }
}

/** Median interval between animation frames over `frames` frames, in ms (the display's refresh period). */
export function measureFrameInterval(frames = 30): Promise<number> {
  return new Promise((resolve) => {
    const stamps: number[] = [];
    const step = (t: number) => {
      stamps.push(t);
      if (stamps.length <= frames) requestAnimationFrame(step);
      else {
        const deltas = stamps.slice(1).map((s, i) => s - stamps[i]).sort((x, y) => x - y);
        resolve(deltas[Math.floor(deltas.length / 2)]);
      }
    };
    requestAnimationFrame(step);
  });
}

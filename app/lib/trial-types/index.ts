/** The trial types of the participant flow (see trial-type.ts). */
export { browserCheck, evaluateBrowserCheck, isPhoneUserAgent, BrowserCheckDataSchema, type BrowserCheckData, type BrowserCheckVerdict } from './browser-check';
export { twoAfc, schedule, nominalTiming, TwoAfcDataSchema, TwoAfcParamsSchema, TimingSchema, PresentationSchema, type Phase, type Timing, type TwoAfcData, type TwoAfcParams, type PresentationParams } from './two-afc';
export type { TrialType } from './trial-type';
export {
  singleImage,
  singleImageSchedule,
  nominalSingleImageTiming,
  isCorrectAnswer,
  SingleImageDataSchema,
  SingleImageParamsSchema,
  SingleImageTimingSchema,
  type SingleImageData,
  type SingleImageParams,
  type SingleImagePhase,
  type SingleImageTiming,
} from './single-image';

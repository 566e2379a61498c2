/**
 * Trial types declared the way jsPsych plugins are: one object names the parameters a trial
 * is given and the data it records (zod schemas, from which the TypeScript types derive),
 * and can `simulate()` a participant, so whole sessions run headless (the participant
 * simulator, the load test and the end-to-end tests use exactly these declarations).
 * Plain data and functions only: the browser, the server and scripts import them.
 */
import type { z } from 'zod';
import type { RandomSource } from '../random';

export interface TrialType<Params extends z.ZodType, Data extends z.ZodType, Truth, Behaviour> {
  name: string;
  description: string;
  /** What one trial of this type is given (sent to the browser). */
  parameters: Params;
  /** What one trial of this type records (sent back and validated by the server). */
  data: Data;
  /**
   * A simulated participant's data for one trial. `truth` is what a simulated participant is
   * allowed to know that a real one is not (e.g. which image is real), `behaviour` how it acts.
   */
  simulate(params: z.output<Params>, truth: Truth, behaviour: Behaviour, random: RandomSource): z.output<Data>;
}

/**
 * Input that cannot be analysed (no trials, every participant excluded, a protocol this
 * analysis does not cover): the message says what is wrong and what to do, for a command line
 * to print as one line and a page to show as text.
 */
export class StatsInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StatsInputError';
  }
}

/** A user mistake in an evaluation (bad folder, names that do not match, unreadable image): print the message, no stack. */
export class EvaluateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvaluateError';
  }
}

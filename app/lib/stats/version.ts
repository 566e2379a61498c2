// The suite's version (package.json), recorded in every analysis so a figure can be traced
// to the code that produced it.
import pkg from '../../../package.json' with { type: 'json' };

export const SUITE_VERSION: string = pkg.version;

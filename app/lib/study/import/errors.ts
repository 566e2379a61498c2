/**
 * Problems found while importing a study. Import checks every folder and every image
 * before writing anything, so it gathers all problems and reports them together: a
 * researcher fixes their folders once instead of once per error.
 */

/** A problem the researcher can fix (a missing file, an unreadable image, an id in use). */
export class StudyImportError extends Error {
  readonly problems: string[];
  constructor(problems: string[] | string) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.join('\n'));
    this.name = 'StudyImportError';
    this.problems = list;
  }
}

/** The study id is already taken (and --replace was not given). */
export class StudyExistsError extends StudyImportError {
  constructor(readonly studyId: string) {
    super(`a study with id "${studyId}" already exists: choose another id, or pass --replace to delete it and import again`);
    this.name = 'StudyExistsError';
  }
}

/** --replace would delete participants' data: refused unless asked for explicitly. */
export class StudyHasDataError extends StudyImportError {
  constructor(readonly studyId: string, readonly sessions: number, readonly responses: number) {
    super(
      `study "${studyId}" already has ${sessions} session(s) and ${responses} response(s), which --replace would delete: ` +
        `export them first (results page), then add --delete-responses to replace it anyway`,
    );
    this.name = 'StudyHasDataError';
  }
}

/** "a, b, c and 4 more": names for a message, at most `max` of them. */
export function listNames(names: readonly string[], max = 10): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

/**
 * The two answer keys of a trial: a letter (either case) or an arrow for each answer.
 * Auto-repeat and shortcuts with modifiers are not answers.
 */
export function listenForAnswerKeys<C extends string>(
  letters: { [K in C]: string },
  arrows: { ArrowLeft: C; ArrowRight: C },
  answer: (choice: C, timeStamp: number) => void,
): () => void {
  const byKey = new Map<string, C>(Object.entries(arrows) as [string, C][]);
  for (const [choice, letter] of Object.entries(letters) as [C, string][]) byKey.set(letter.toUpperCase(), choice);
  const onKey = (e: KeyboardEvent) => {
    if (e.repeat || e.altKey || e.ctrlKey || e.metaKey) return;
    const choice = byKey.get(e.key.length === 1 ? e.key.toUpperCase() : e.key);
    if (choice === undefined) return;
    e.preventDefault();
    answer(choice, e.timeStamp);
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}

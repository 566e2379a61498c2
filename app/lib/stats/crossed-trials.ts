/**
 * One method's test trials as the participant-grouped arrays of the two-way bootstrap.
 * Participants are indexed in the order of `participants`, images in the order of `images`.
 */
import type { TrialRow } from '../trials/trial-row';
import type { CrossedTrials } from './two-way-bootstrap';

export function crossedTrials(rows: readonly TrialRow[], participants: readonly string[], images: readonly string[]): CrossedTrials {
  const participantIndex = new Map(participants.map((id, i) => [id, i]));
  const imageIndex = new Map(images.map((name, i) => [name, i]));
  const sorted = [...rows].sort(
    (a, b) => participantIndex.get(a.participant)! - participantIndex.get(b.participant)! || a.trialIndex - b.trialIndex,
  );
  const start = new Int32Array(participants.length + 1);
  for (const r of sorted) start[participantIndex.get(r.participant)! + 1]++;
  for (let p = 0; p < participants.length; p++) start[p + 1] += start[p];
  return {
    start,
    image: Int32Array.from(sorted, (r) => imageIndex.get(r.image)!),
    fooled: Uint8Array.from(sorted, (r) => (r.fooled ? 1 : 0)),
    images: images.length,
  };
}

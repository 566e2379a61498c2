/**
 * A study plan (planParticipants) as markdown, CSV (statistic,value) or JSON.
 */
import type { StudyPlan } from './plan-participants';
import { percent } from './format-figures';

/** `notes` say where inputs came from (e.g. "ICC estimated from pilot data"). */
export function formatPlan(plan: StudyPlan, format: 'md' | 'csv' | 'json', version: string, notes: readonly string[] = []): string {
  const record = { version, ...plan, notes };
  if (format === 'json') return JSON.stringify(record, null, 2) + '\n';
  if (format === 'csv') {
    const flat: [string, string | number][] = [
      ['version', version],
      ['p1', plan.p1],
      ['p2', plan.p2],
      ['trials_per_participant', plan.trialsPerParticipant],
      ['icc', plan.icc],
      ['alpha', plan.alpha],
      ['power', plan.power],
      ['simulations', plan.simulations],
      ['seed', plan.seed],
      ['closed_form_trials_per_method', plan.closedForm.trialsPerMethod],
      ['closed_form_design_effect', plan.closedForm.designEffect],
      ['closed_form_participants_per_method', plan.closedForm.participantsPerMethod],
      ['participants_per_method', plan.participantsPerMethod],
      ['simulated_power', plan.simulatedPower],
      ['simulated_power_se', plan.simulatedPowerSe],
    ];
    notes.forEach((note, i) => flat.push([`note_${i + 1}`, `"${note.replace(/"/g, '""')}"`]));
    return ['statistic,value', ...flat.map(([k, v]) => `${k},${v}`)].join('\n') + '\n';
  }
  const m = plan.trialsPerParticipant;
  return [
    `# Planning: ${percent(plan.p1)} vs ${percent(plan.p2)} fooling rate`,
    '',
    `**${plan.participantsPerMethod} participants per method** (${m} test trials each, ${plan.participantsPerMethod * m} trials per method) ` +
      `give a simulated power of ${percent(plan.simulatedPower)} (± ${percent(plan.simulatedPowerSe)}) at two-sided alpha ${plan.alpha}, target ${percent(plan.power, 0)}.`,
    '',
    `- Intra-participant correlation: ${plan.icc} (design effect ${plan.closedForm.designEffect.toFixed(2)} at ${m} trials per participant).`,
    `- Closed form: ${plan.closedForm.trialsPerMethod} independent trials per method; with the design effect ${plan.closedForm.participantsPerMethod} participants per method.`,
    `- Simulation: ${plan.simulations} simulated studies per candidate size, seed ${plan.seed}; each analysed with a cluster-robust Wald test of the two rates.`,
    ...notes.map((note) => `- ${note}`),
    `- Suite version ${version}.`,
    '',
  ].join('\n');
}

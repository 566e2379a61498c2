/**
 * The study config as the admin API shows it: the photo folders by their own name only.
 * The absolute paths would tell anyone holding a download (or a leaked admin token) how the
 * server's disk is laid out, and mean nothing on another machine.
 */
import path from 'node:path';
import type { StudyConfig } from '../study/config';

export function configWithoutPaths(config: StudyConfig | null): StudyConfig | null {
  if (!config) return null;
  return {
    ...config,
    realDir: path.basename(config.realDir),
    methods: config.methods.map((m) => ({ ...m, dir: path.basename(m.dir), ...(m.abDir ? { abDir: path.basename(m.abDir) } : {}) })),
  };
}

// The PyTorch twin that `npm run bench -- model` times (scripts/gpu/torch_reference.py) is built
// from our layer list: same parameter count and output shapes as ColorizerNet, per preset and
// variant. Needs Debian's python3-torch (TORCH_PYTHON names another interpreter).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeAbBins } from '../../model/color/bins';
import { resolveConfig } from '../../model/config';
import { ColorizerNet, netSpecOf } from '../../model/nets/colorizer';

const PYTHON = process.env.TORCH_PYTHON ?? '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
// .ci/run installs python3-torch: in CI its absence is a failure, not a skip.
if (!hasTorch && process.env.CI) throw new Error(`CI is set but ${PYTHON} has no torch (apt-get install python3-torch)`);
const bins = computeAbBins();

const PROBE = `
import json, sys, torch
sys.path.insert(0, ${JSON.stringify(path.resolve('scripts/gpu'))})
from torch_reference import Colorizer
spec = json.loads(sys.stdin.read())
net = Colorizer(spec).eval()
with torch.no_grad():
    logits, refined, z_up = net(torch.zeros(2, 1, spec["size"], spec["size"]))
shape = lambda t: None if t is None else list(t.shape)
print(json.dumps({"parameters": sum(p.numel() for p in net.parameters()), "logits": shape(logits), "refined": shape(refined)}))
`;

describe('the PyTorch twin of the networks', () => {
  it.skipIf(!hasTorch).each([
    ['tiny', 'zhang'],
    ['small', 'zhang'],
    ['small', 'coherent'],
  ])(`%s %s: same parameter count and output shapes as ours${hasTorch ? '' : ` — skipped: ${PYTHON} has no torch (apt-get install python3-torch)`}`, (preset, variant) => {
    const config = resolveConfig(preset, { variant });
    const spec = netSpecOf(config, bins.Q);
    const net = new ColorizerNet(spec, 1);
    const ours = net.countParameters();
    net.dispose();
    const r = spawnSync(PYTHON, ['-c', PROBE], { input: JSON.stringify({ ...ColorizerNet.layerLists(spec), Q: bins.Q, size: config.size }), encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const twin = JSON.parse(r.stdout) as { parameters: number; logits: number[]; refined: number[] | null };
    expect(twin.parameters).toBe(ours);
    const s = config.size;
    expect(twin.logits).toEqual([2, bins.Q, s / 4, s / 4]); // NCHW
    expect(twin.refined).toEqual(variant === 'coherent' ? [2, bins.Q, s, s] : null);
  }, 60_000);
});

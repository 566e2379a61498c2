#!/usr/bin/env python3
"""PyTorch reference for the GPU benchmark (run by scripts/gpu/entry.ts on the GPU machine)
and for the CPU benchmark (`npm run bench -- model`, scripts/bench/model.ts: --serve mode).

Reads the spec the entry wrote (the network's layer list as model/nets/colorizer.ts builds
it, the convolution calls recorded from one training step, the matMul size) and measures
the same work in PyTorch, fp32 with TF32 off (cuBLAS/cuDNN at full fp32 precision, as our
WGSL kernels compute), cudnn.benchmark on, NCHW:
  matmul_tflops        n x n x n product
  convs                TFLOP/s of each recorded call (forward, input grad, filter grad),
                       counted as 2 * (forward multiply-adds), same count as the entry
  networks[variant]    forward (no_grad, eval) and training (Adam) images/s at the batch given
Prints progress lines starting with 'torch:' on stderr and one JSON line on stdout.
Usage: python3 torch_reference.py SPEC.json

CPU mode: python3 torch_reference.py --serve CASE.json builds one network from the layer
list in CASE.json (as model/nets/colorizer.ts has it), sets the thread count, runs the
warm-up steps, prints `ready parameters=N`, then answers each `run` line on stdin with
`ms=<median ms per step> cpu=<median CPU ms per step>` over `timed` steps (forward or
training, as `mode` says), so that the caller can interleave it with our own timings.
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def log(msg):
    print(f"torch: {msg}", file=sys.stderr, flush=True)


def timed(fn, reps, warmup=2):
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    start.record()
    for _ in range(reps):
        fn()
    end.record()
    torch.cuda.synchronize()
    return start.elapsed_time(end) / 1000 / reps


def tf_pads(size, k, s, d, pad, axis):
    """TensorFlow's padding for one spatial axis: (before, after). axis 0 = height, 1 = width."""
    eff = d * (k - 1) + 1
    if pad == "valid":
        return 0, 0
    if pad == "same":
        out = -(-size // s)
        total = max((out - 1) * s + eff - size, 0)
        return total // 2, total - total // 2
    if isinstance(pad, (int, float)):
        return int(pad), int(pad)
    # explicit [[0,0],[top,bottom],[left,right],[0,0]] (NHWC)
    return int(pad[1 + axis][0]), int(pad[1 + axis][1])


def pair(v):
    return (int(v), int(v)) if isinstance(v, (int, float)) else (int(v[0]), int(v[1]))


def conv_rate(c, reps, dev):
    kernel, i, a = c["kernel"], c["inputs"], c["attrs"]
    sh, sw = pair(a.get("strides", 1))
    dh, dw = pair(a.get("dilations", 1) or 1)
    if kernel in ("Conv2D", "FusedConv2D"):
        b, h, w, ci = i["x"]
        fh, fw, _, co = i["filter"]
        pt, pb = tf_pads(h, fh, sh, dh, a["pad"], 0)
        pl, pr = tf_pads(w, fw, sw, dw, a["pad"], 1)
        x = torch.randn(b, ci, h, w, device=dev)
        wt = torch.randn(co, ci, fh, fw, device=dev)
        fn = lambda: F.conv2d(F.pad(x, (pl, pr, pt, pb)), wt, stride=(sh, sw), dilation=(dh, dw))
    elif kernel == "Conv2DBackpropInput":
        b, h, w, ci = a["inputShape"]
        fh, fw, _, co = i["filter"]
        pt, pb = tf_pads(h, fh, sh, 1, a["pad"], 0)
        pl, pr = tf_pads(w, fw, sw, 1, a["pad"], 1)
        dy = torch.randn(b, co, i["dy"][1], i["dy"][2], device=dev)
        wt = torch.randn(co, ci, fh, fw, device=dev)
        size = (b, ci, h + pt + pb, w + pl + pr)
        fn = lambda: torch.nn.grad.conv2d_input(size, wt, dy, stride=(sh, sw))[:, :, pt:pt + h, pl:pl + w]
    elif kernel == "Conv2DBackpropFilter":
        b, h, w, ci = i["x"]
        fh, fw, _, co = a["filterShape"]
        pt, pb = tf_pads(h, fh, sh, 1, a["pad"], 0)
        pl, pr = tf_pads(w, fw, sw, 1, a["pad"], 1)
        x = F.pad(torch.randn(b, ci, h, w, device=dev), (pl, pr, pt, pb))
        dy = torch.randn(b, co, i["dy"][1], i["dy"][2], device=dev)
        fn = lambda: torch.nn.grad.conv2d_weight(x, (co, ci, fh, fw), dy, stride=(sh, sw))
    else:
        return None
    return c["gflop"] / 1e3 / timed(fn, reps)


class Colorizer(nn.Module):
    """model/nets/colorizer.ts rebuilt from its layer list (same layers, order and shapes)."""

    def __init__(self, spec):
        super().__init__()
        self.base_spec, self.coh_spec = spec["baseline"], spec["coherent"]
        self.mods = nn.ModuleDict()
        for l in self.base_spec + self.coh_spec:
            k = l["kind"]
            s = l["shape"]
            if k in ("conv", "resizeconv"):
                self.mods[l["name"]] = nn.Conv2d(s[2], s[3], s[0], stride=l.get("stride", 1) or 1,
                                                 dilation=l.get("dilation", 1) or 1)
            elif k == "upconv":  # tfjs layout [k, k, Cout, Cin]; 'same' at stride 2 = padding 1 for k 4
                self.mods[l["name"]] = nn.ConvTranspose2d(s[3], s[2], s[0], stride=2, padding=(s[0] - 2) // 2)
            else:
                self.mods[l["name"]] = nn.BatchNorm2d(s[0], eps=1e-5)

    def apply(self, l, x):
        m = self.mods[l["name"]]
        if l["kind"] == "resizeconv":  # bilinear x2 (half-pixel centres, as tfjs), then a 'same' conv
            x = F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False)
        if l["kind"] in ("conv", "resizeconv"):
            k, s, d = l["shape"][0], l.get("stride", 1) or 1, l.get("dilation", 1) or 1
            pt, pb = tf_pads(x.shape[2], k, s, d, "same", 0)
            pl, pr = tf_pads(x.shape[3], k, s, d, "same", 1)
            x = m(F.pad(x, (pl, pr, pt, pb)) if (pt or pb or pl or pr) else x)
        else:
            x = m(x)
        return F.relu(x) if l.get("relu") else x

    def forward(self, L):
        h, w = L.shape[2], L.shape[3]
        x = L
        for l in self.base_spec:
            x = self.apply(l, x)
        if not self.coh_spec:
            return x, None, None
        by = {l["name"]: l for l in self.coh_spec}
        z = F.softmax(x, dim=1).detach()
        z_up = F.interpolate(z, size=(h, w), mode="bilinear", align_corners=False)
        z_proj = F.interpolate(self.apply(by["refine_z"], z), size=(h, w), mode="bilinear", align_corners=False)
        g = L
        for l in self.coh_spec:
            if l["name"].startswith("branch_"):
                g = self.apply(l, g)
        r = self.apply(by["refine_1"], torch.cat([z_proj, g], 1))
        return x, self.apply(by["refine_out"], r), z_up


def soft_encode(ab, centers, k=5, sigma=5.0):
    """Zhang's soft-encoding: the k nearest bins, Gaussian weights (as model/color does)."""
    n, _, h, w = ab.shape
    flat = ab.permute(0, 2, 3, 1).reshape(-1, 2)
    d2 = torch.cdist(flat, centers) ** 2
    dist, idx = d2.topk(k, largest=False)
    wts = torch.exp(-dist / (2 * sigma ** 2))
    wts = wts / wts.sum(1, keepdim=True)
    out = torch.zeros(flat.shape[0], centers.shape[0], device=ab.device).scatter_(1, idx, wts)
    return out.reshape(n, h, w, -1).permute(0, 3, 1, 2)


def network_step(spec, batch, dev):
    """The network, its input, and the two things timed: forward (eval, no_grad) and one Adam step."""
    size, Q = spec["size"], spec["Q"]
    net = Colorizer(spec).to(dev)
    params = sum(p.numel() for p in net.parameters())
    L = torch.rand(batch, 1, size, size, device=dev) - 0.5
    ab = torch.rand(batch, 2, size, size, device=dev) * 120 - 60
    centers = torch.rand(Q, 2, device=dev) * 220 - 110
    opt = torch.optim.Adam(net.parameters(), lr=3e-5, betas=(0.9, 0.99))
    t_coh, t_reg = spec.get("coherenceT", 0.1), spec.get("regulariserT", 0.01)

    def loss_fn():
        logits, refined, z_up = net(L)
        target = soft_encode(ab[:, :, 2::4, 2::4], centers)
        loss = -(target * F.log_softmax(logits, 1)).sum(1).mean()
        if refined is not None:
            ab_hat = torch.einsum("nqhw,qc->nchw", F.softmax(refined / t_coh, 1), centers) / 110
            t = ab / 110
            dx = lambda v: v[:, :, :-1, 1:] - v[:, :, :-1, :-1]
            dy = lambda v: v[:, :, 1:, :-1] - v[:, :, :-1, :-1]
            diff = torch.cat([dx(ab_hat) - dx(t), dy(ab_hat) - dy(t)], 1)
            loss = loss + torch.sqrt((diff ** 2).sum(1) + 1e-8).mean()
            sharp = F.softmax(refined / t_reg, 1)
            loss = loss + (1 - (z_up * sharp).sum(1) / z_up.amax(1)).mean()
        return loss

    def step():
        net.train()
        opt.zero_grad(set_to_none=True)
        loss_fn().backward()
        opt.step()

    def forward():
        net.eval()
        with torch.no_grad():
            net(L)

    return forward, step, params


def network_rates(spec, batch, reps, dev):
    forward, step, params = network_step(spec, batch, dev)
    fwd = timed(forward, reps)
    train = timed(step, max(3, reps // 2))
    return {"forward": batch / fwd, "train": batch / train, "parameters": params}


def serve(case_path):
    """CPU mode: one network, timed on request (see the module docstring)."""
    case = json.load(open(case_path))
    threads = int(case.get("threads", 1))
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(threads)
    torch.manual_seed(1)
    forward, step, params = network_step(case, int(case["batch"]), torch.device("cpu"))
    work = step if case["mode"] == "train" else forward
    for _ in range(int(case.get("warmup", 1))):
        work()
    print(f"ready parameters={params}", flush=True)
    for line in sys.stdin:
        if line.strip() != "run":
            break
        wall, cpu = [], []
        for _ in range(int(case["timed"])):
            w, c = time.perf_counter(), time.process_time()
            work()
            wall.append(time.perf_counter() - w)
            cpu.append(time.process_time() - c)
        med = lambda v: sorted(v)[len(v) // 2] * 1000
        print(f"ms={med(wall)} cpu={med(cpu)}", flush=True)


def main():
    if sys.argv[1] == "--serve":
        serve(sys.argv[2])
        return
    spec = json.load(open(sys.argv[1]))
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cudnn.benchmark = True
    dev = torch.device("cuda")
    reps = int(spec.get("reps", 20))
    out = {"device": torch.cuda.get_device_name(0), "torch": torch.__version__, "tf32": False}
    n = int(spec["matmul"])
    a, b = torch.randn(n, n, device=dev), torch.randn(n, n, device=dev)
    out["matmul_tflops"] = 2 * n ** 3 / timed(lambda: a @ b, reps) / 1e12
    log(f"matmul {n}^3: {out['matmul_tflops']:.2f} TFLOP/s")
    del a, b
    out["convs"] = []
    for c in spec["convs"]:
        r = conv_rate(c, reps, dev)
        out["convs"].append(r)
        log(f"{c['kernel']} {c['inputs']}: {r:.2f} TFLOP/s" if r else f"{c['kernel']}: skipped")
    out["networks"] = {}
    for variant, net_spec in spec["networks"].items():
        r = network_rates(net_spec, int(spec["batch"]), max(5, reps // 2), dev)
        out["networks"][variant] = r
        log(f"{variant}: {r['parameters']} parameters, forward {r['forward']:.1f} img/s, train {r['train']:.1f} img/s")
        torch.cuda.empty_cache()
    print(json.dumps(out))


if __name__ == "__main__":
    main()

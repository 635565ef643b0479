#!/usr/bin/python3
"""Summarise the JSON lines written by `Pneumonia.Bench perf` and bench/pytorch/peer.py as a markdown table.

Each figure is the median over the rounds of its side (Pneumonia.ML or PyTorch) and network; the ratio is
Pneumonia.ML / PyTorch of those medians (above 1 is better for images/s, below 1 is better for milliseconds).
Runs of Pneumonia.ML on its ONNX Runtime engines (field "engine"; prediction only) get columns of their own, with
their ratio to PyTorch in brackets where PyTorch has the figure.
Usage: perf_table.py RESULTS.jsonl
"""
import json
import statistics
import sys

# (field, label)
FIGURES = [
    ("train_images_per_second", "training, images/s (batch {batch}, median batch time)"),
    ("forward1_p50_ms", "forward batch 1 (tensor in), p50 ms"),
    ("forward1_p95_ms", "forward batch 1 (tensor in), p95 ms"),
    ("forward32_images_per_second", "forward batch 32 (tensors in), images/s"),
    ("predict_p50_ms", "Predict(byte[]) from JPEG, p50 ms"),
    ("predict_p95_ms", "Predict(byte[]) from JPEG, p95 ms"),
    ("batch_predict_images_per_second", "Predict(paths) from files, images/s"),
    ("pipeline_images_per_second", "data pipeline (decode + resize + pixels), images/s"),
    ("peak_rss_inference_mb", "peak RSS of the inference phase, MB"),
    ("peak_rss_mb", "peak RSS of the training phase, MB"),
]


ENGINES = [("OnnxRuntime", "ONNX Runtime"), ("OnnxRuntimeInt8", "ONNX Runtime int8")]


def target(architecture, field, values, ratio):
    """The issue's target for this figure, if any, and whether each engine's median meets it (values: name → median)."""
    def verdict(ok):
        return "met" if ok else "**not met**"

    def each(test):
        return ", ".join(f"{name} {verdict(test(v))}" for name, v in values.items() if v is not None)
    if field == "train_images_per_second" and ratio is not None:
        return f"≥ 1.5× PyTorch: {verdict(ratio >= 1.5)}"
    if architecture == "ResNet18" and field == "predict_p50_ms":
        return f"≤ 15 ms: {each(lambda v: v <= 15)}"
    if architecture == "ResNet18" and field == "batch_predict_images_per_second":
        return f"≥ 150 images/s: {each(lambda v: v >= 150)}"
    return ""


def fmt(value):
    if value is None:
        return "–"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.2f}" if abs(value) < 10 else f"{value:.1f}"


def main(path):
    rows = [json.loads(line) for line in open(path) if line.strip()]
    runs = [r for r in rows if not r.get("full_training_set")]
    full = [r for r in rows if r.get("full_training_set")]
    groups = {}
    for r in runs:
        side = r["side"] if r.get("engine", "TorchSharp") == "TorchSharp" else r["engine"]
        groups.setdefault((r["architecture"], side), []).append(r)

    def median(group, field):
        values = [r[field] for r in group if r.get(field) is not None]
        return statistics.median(values) if values else None

    architectures = sorted({a for a, _ in groups}, key=lambda a: (a != "ArticleCnn", a))
    engines = [(key, name) for key, name in ENGINES if any(side == key for _, side in groups)]
    for architecture in architectures:
        ml, pt = groups.get((architecture, "Pneumonia.ML"), []), groups.get((architecture, "PyTorch"), [])
        sample = (ml or pt)[0]
        threads = {r["threads"] for r in ml + pt}
        torch_version = pt[0]["torch_version"] if pt else "–"
        blas = pt[0].get("blas") if pt else None
        if blas:  # the folder of Debian's libblas.so.3 alternative: openblas-openmp, openblas-pthread, blas (reference)
            folders = sorted({path.split("/")[-2] for path in blas.split() if path.endswith("libblas.so.3")})
            torch_version += f" (BLAS: {', '.join(folders) or blas})"
        print(f"### {architecture}, {sample['image_size']} px, {', '.join(map(str, sorted(threads)))} thread(s)\n")
        extra = [(name, groups.get((architecture, key), [])) for key, name in engines]
        counts = "".join(f", {len(runs_)} on {name}" for name, runs_ in extra)
        print(f"Medians of {len(ml)} Pneumonia.ML (TorchSharp){counts} and {len(pt)} PyTorch {torch_version} runs "
              f"(OMP_WAIT_POLICY={sample.get('omp_wait_policy') or 'unset'}).\n")
        print("| figure | Pneumonia.ML (TorchSharp) | PyTorch | ratio ML / PyTorch | "
              + "".join(f"Pneumonia.ML ({name}) | " for name, _ in extra) + "target |")
        print("|---|---|---|---|" + "---|" * len(extra) + "---|")
        for field, label in FIGURES:
            a, b = median(ml, field), median(pt, field)
            others = [median(runs_, field) for _, runs_ in extra]
            if a is None and b is None and all(o is None for o in others):
                continue
            ratio = a / b if a is not None and b else None
            values = {"TorchSharp": a, **{name: o for (name, _), o in zip(extra, others)}}
            cells = [fmt(o) + (f" ({o / b:.2f}×)" if o is not None and b else "") for o in others]
            row = [label.format(batch=sample["batch_size"]), fmt(a), fmt(b),
                   f"{ratio:.2f}" if ratio is not None else "–", *cells, target(architecture, field, values, ratio)]
            print("| " + " | ".join(row) + " |")
        print()

    for r in full:
        verdict = "met" if r["peak_rss_mb"] <= 4096 else "**not met**"
        print(f"Peak RSS while training {r['architecture']} at {r['image_size']} px on the full training set "
              f"({r['train_images_in_memory']} images decoded, {r['train_batches_measured']} batches timed after warm-up): "
              f"{r['peak_rss_mb']:,.0f} MB (target ≤ 4 GB: {verdict}); training {r['train_images_per_second']:.1f} images/s"
              f"{' with augmentation' if r.get('augment') else ''}.\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])

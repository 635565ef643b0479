#!/usr/bin/python3
"""The PyTorch peer of `Pneumonia.Bench perf` (issue #7).

The same two networks as Pneumonia.ML, the same optimisers, loss, batch sizes and thread count, timed the same way:

* ArticleCnn: 5 x (Conv 3x3 valid + ReLU + MaxPool 2) with 16/32/64/128/256 filters, Flatten, Dense 512 + ReLU,
  Dense 1 (the logit); RMSprop(lr 0.001, alpha 0.9, eps 1e-7), as src/Pneumonia.ML/Models/ArticleCnn.cs and
  Training/Trainer.cs.
* ResNet18: src/Pneumonia.ML/Models/ResNet18Onnx.cs + ResNet18Transfer.cs - RGB [0, 1] -> x255, BGR, minus a mean
  image; conv 7x7/2 with CNTK's asymmetric "same" padding, BN, ReLU, max-pool 3x3/2; layers of 2, 2, 2 and 3 basic
  blocks (64, 128, 256, 512; layer4 has one block more than torchvision's); global average pool; dropout 0.2;
  Linear(512, 1). Stem and layer1 frozen (no gradients, batch norms in eval mode); AdamW(lr 0.0005, wd 1e-4).

Weights are random (the cost of a dense CPU network does not depend on them). Images are synthetic uint8 tensors
kept in memory, turned into float / 255 per batch as Pneumonia.ML does with its decoded bytes; no augmentation
(compare with `perf` without --augment). Loss: binary cross-entropy on logits with per-image class weights; after
each step the loss and the number of correct answers are read back, as the library's loop does.

Prints one JSON line on stdout (progress on stderr).
"""
import argparse
import gc
import json
import os
import resource
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


# ---------------------------------------------------------------------------------------------------------- networks

class ArticleCnn(nn.Module):
    def __init__(self, image_size):
        super().__init__()
        layers, channels, side = [], 3, image_size
        for filters in (16, 32, 64, 128, 256):
            layers += [nn.Conv2d(channels, filters, 3), nn.ReLU(), nn.MaxPool2d(2)]
            channels, side = filters, (side - 2) // 2
        if side < 1:
            raise SystemExit(f"ArticleCnn needs images of at least 94 px, not {image_size}")
        self.features = nn.Sequential(*layers)
        self.dense = nn.Linear(channels * side * side, 512)
        self.output = nn.Linear(512, 1)

    def forward(self, x):
        x = torch.flatten(self.features(x), 1)
        return self.output(F.relu(self.dense(x))).squeeze(1)


def same_padding(size, kernel, stride):
    """CNTK's "same" rule: output = ceil(size / stride), the odd pixel before (ResNet18Onnx.SamePadding)."""
    total = max(((size + stride - 1) // stride - 1) * stride + kernel - size, 0)
    return total - total // 2, total // 2


def pad_same(x, kernel, stride, value=0.0):
    top, bottom = same_padding(x.shape[2], kernel, stride)
    left, right = same_padding(x.shape[3], kernel, stride)
    return F.pad(x, (left, right, top, bottom), value=value)


class BasicBlock(nn.Module):
    def __init__(self, inputs, outputs, stride):
        super().__init__()
        self.stride = stride
        self.conv1 = nn.Conv2d(inputs, outputs, 3, stride=stride, padding=1 if stride == 1 else 0, bias=False)
        self.bn1 = nn.BatchNorm2d(outputs, eps=1e-5)
        self.conv2 = nn.Conv2d(outputs, outputs, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(outputs, eps=1e-5)
        self.downsample = None
        if stride != 1 or inputs != outputs:
            self.downsample = nn.Sequential(nn.Conv2d(inputs, outputs, 1, stride=stride, bias=False),
                                            nn.BatchNorm2d(outputs, eps=1e-5))

    def forward(self, x):
        shortcut = x if self.downsample is None else self.downsample(x)
        y = F.relu(self.bn1(self.conv1(x if self.stride == 1 else pad_same(x, 3, self.stride))))
        y = self.bn2(self.conv2(y))
        return F.relu(y + shortcut)


class ResNet18Onnx(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("mean_image", torch.full((1, 3, 224, 224), 114.0))
        self.conv1 = nn.Conv2d(3, 64, 7, stride=2, bias=False)
        self.bn1 = nn.BatchNorm2d(64, eps=1e-5)
        self.layer1 = nn.Sequential(BasicBlock(64, 64, 1), BasicBlock(64, 64, 1))
        self.layer2 = nn.Sequential(BasicBlock(64, 128, 2), BasicBlock(128, 128, 1))
        self.layer3 = nn.Sequential(BasicBlock(128, 256, 2), BasicBlock(256, 256, 1))
        self.layer4 = nn.Sequential(BasicBlock(256, 512, 2), BasicBlock(512, 512, 1), BasicBlock(512, 512, 1))

    def forward(self, rgb):
        h, w = rgb.shape[2], rgb.shape[3]
        mean = self.mean_image if (h, w) == (224, 224) else F.interpolate(
            self.mean_image, size=(h, w), mode="bilinear", align_corners=False)
        x = rgb.flip(1) * 255 - mean
        x = F.relu(self.bn1(self.conv1(pad_same(x, 7, 2))))
        x = F.max_pool2d(pad_same(x, 3, 2, float("-inf")), 3, 2)
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return F.adaptive_avg_pool2d(x, 1).flatten(1)

    def early_layers(self):
        return [self.conv1, self.bn1, self.layer1]


class ResNet18Transfer(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = ResNet18Onnx()
        self.dropout = nn.Dropout(0.2)
        self.head = nn.Linear(512, 1)
        for module in self.backbone.early_layers():
            for parameter in module.parameters():
                parameter.requires_grad = False

    def forward(self, x):
        return self.head(self.dropout(self.backbone(x))).squeeze(1)

    def train(self, mode=True):
        super().train(mode)
        for module in self.backbone.early_layers():
            module.eval()
        return self


def create(architecture, image_size):
    if architecture == "ArticleCnn":
        model = ArticleCnn(image_size)
        trainable = [p for p in model.parameters() if p.requires_grad]
        return model, lambda: torch.optim.RMSprop(trainable, lr=0.001, alpha=0.9, eps=1e-7)
    if architecture == "ResNet18":
        model = ResNet18Transfer()
        trainable = [p for p in model.parameters() if p.requires_grad]
        return model, lambda: torch.optim.AdamW(trainable, lr=0.0005, weight_decay=1e-4)
    raise SystemExit(f"unknown architecture {architecture} (ArticleCnn or ResNet18)")


# ------------------------------------------------------------------------------------------------------- measurement

def percentile(values, percent):
    """Linear interpolation between order statistics (numpy's default; the same as PerfRun.Percentile)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = percent / 100 * (len(ordered) - 1)
    low, high = int(rank), min(int(rank) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def status_mb(key):
    """VmHWM (peak) or VmRSS (now) from /proc/self/status, in MB; the same figures as Pneumonia.Bench's PeakMemory."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def start_phase():
    """Resets the peak to the current RSS (Linux >= 4.0), as PerfRun.StartPhase does. Returns (RSS now, reset?)."""
    gc.collect()
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
        reset = True
    except OSError:
        reset = False
    return status_mb("VmRSS"), reset


def loaded_blas():
    """The BLAS library this process mapped (Debian's libblas.so.3 is an alternative: reference, OpenBLAS, ...)."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.split()[-1]}
    except OSError:
        return None
    return " ".join(sorted(os.path.realpath(p) for p in paths)) or None


def to_input(pixels):
    return pixels.float().div_(255)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--architecture", default="ResNet18")
    parser.add_argument("--image-size", type=int, default=224)
    parser.add_argument("--batch-size", type=int, default=32, help="training batch size")
    parser.add_argument("--warmup-batches", type=int, default=3)
    parser.add_argument("--train-batches", type=int, default=10)
    parser.add_argument("--predict-warmup", type=int, default=10)
    parser.add_argument("--predict-repeats", type=int, default=100)
    parser.add_argument("--batch-images", type=int, default=256)
    parser.add_argument("--batch-repeats", type=int, default=3, help="timed passes for the batch-32 figure (median)")
    parser.add_argument("--threads", type=int, help="torch.set_num_threads (default: PyTorch's own choice)")
    parser.add_argument("--json", help="append the result as one JSON line to this file")
    parser.add_argument("--channels-last", action="store_true",
                        help="model and inputs in torch.channels_last (PyTorch's opt-in NHWC layout; default: contiguous)")
    args = parser.parse_args()
    memory_format = torch.channels_last if args.channels_last else torch.contiguous_format

    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    log = lambda message: print(message, file=sys.stderr, flush=True)
    log(f"peer {args.architecture} {args.image_size} px, batch {args.batch_size}, torch {torch.__version__}, "
        f"threads {torch.get_num_threads()}, OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', '(unset)')}")

    size, inference_batch = args.image_size, 32
    pool = max(args.batch_size, inference_batch) * 4
    pixels = torch.randint(0, 256, (pool, 3, size, size), dtype=torch.uint8)

    # Inference: eval mode, inference_mode, probabilities read back as Python floats.
    rss_before_inference, reset = start_phase()
    model, _ = create(args.architecture, size)
    model.eval()
    model.to(memory_format=memory_format)
    with torch.inference_mode():
        def forward(batch):
            return torch.sigmoid(model(to_input(batch).contiguous(memory_format=memory_format))).tolist()

        times = []
        for i in range(args.predict_warmup + args.predict_repeats):
            start = time.perf_counter()
            forward(pixels[i % pool:i % pool + 1])
            if i >= args.predict_warmup:
                times.append((time.perf_counter() - start) * 1000)
        forward1_p50, forward1_p95 = percentile(times, 50), percentile(times, 95)
        log(f"  forward batch 1: p50 {forward1_p50:.2f} ms, p95 {forward1_p95:.2f} ms")

        def forward_all():
            done = 0
            while done < args.batch_images:
                count = min(inference_batch, args.batch_images - done)
                first = done % (pool - inference_batch + 1)
                forward(pixels[first:first + count])
                done += count

        forward_all()  # untimed pass, as PerfRun.Median
        seconds = []
        for _ in range(args.batch_repeats):
            start = time.perf_counter()
            forward_all()
            seconds.append(time.perf_counter() - start)
        forward32 = args.batch_images / percentile(seconds, 50)
        log(f"  forward batch {inference_batch}: {forward32:.1f} images/s "
            f"(median of {args.batch_repeats} passes over {args.batch_images} images)")
    peak_inference = status_mb("VmHWM")
    log(f"  peak RSS of the inference phase: {peak_inference:.0f} MB (RSS {rss_before_inference:.0f} MB at its start)")
    del model

    rss_before_training, reset = start_phase()

    # Training: the library's step, timed between the ends of consecutive steps.
    model, make_optimizer = create(args.architecture, size)
    model.train()
    model.to(memory_format=memory_format)
    optimizer = make_optimizer()
    labels_all = torch.tensor([float(i % 2) for i in range(pool)])
    negative_weight = positive_weight = 1.0  # balanced labels: the class weights are 1 and 1
    stamps = []
    generator = torch.Generator().manual_seed(1)
    order = torch.randperm(pool, generator=generator)
    loss_sum, correct, seen = 0.0, 0, 0
    for step in range(args.warmup_batches + args.train_batches + 1):
        first = (step * args.batch_size) % (pool - args.batch_size + 1)
        index = order[first:first + args.batch_size]
        images = to_input(pixels[index]).contiguous(memory_format=memory_format)
        labels = labels_all[index]
        weights = labels * (positive_weight - negative_weight) + negative_weight
        optimizer.zero_grad()
        logits = model(images)
        loss = F.binary_cross_entropy_with_logits(logits, labels, weights)
        loss.backward()
        optimizer.step()
        loss_sum += loss.item() * len(index)
        correct += logits.ge(0).eq(labels.ge(0.5)).sum().item()
        seen += len(index)
        stamps.append(time.perf_counter())
    intervals = [b - a for a, b in zip(stamps[args.warmup_batches:], stamps[args.warmup_batches + 1:])]
    batch_p50 = percentile(intervals, 50)
    train = args.batch_size / batch_p50
    train_mean = args.batch_size / (sum(intervals) / len(intervals))
    peak = status_mb("VmHWM")
    log(f"  training: {train:.1f} images/s (median batch {batch_p50:.3f} s; mean-based {train_mean:.1f} images/s), "
        f"{len(intervals)} batches after {args.warmup_batches} warm-up; "
        f"peak RSS of the training phase {peak:.0f} MB (RSS {rss_before_training:.0f} MB at its start)")

    result = {
        "side": "PyTorch", "torch_version": torch.__version__, "architecture": args.architecture,
        "image_size": size, "batch_size": args.batch_size, "threads": torch.get_num_threads(),
        "interop_threads": torch.get_num_interop_threads(), "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY"),
        "processor_count": os.cpu_count(), "channels_last": args.channels_last,
        "forward1_p50_ms": forward1_p50, "forward1_p95_ms": forward1_p95,
        "forward32_images_per_second": forward32,
        "rss_before_inference_mb": rss_before_inference, "peak_rss_inference_mb": peak_inference,
        "train_images_in_memory": pool, "augment": False, "full_training_set": False,
        "train_batches_measured": len(intervals),
        "train_images_per_second": train, "train_images_per_second_mean": train_mean,
        "train_batch_p50_seconds": batch_p50, "rss_before_training_mb": rss_before_training, "peak_rss_mb": peak,
        "peak_reset": reset, "blas": loaded_blas(),
    }
    line = json.dumps(result)
    print(line, flush=True)
    if args.json:
        with open(args.json, "a") as f:
            f.write(line + "\n")


if __name__ == "__main__":
    main()

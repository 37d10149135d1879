"""Benchmarks run by scripts/bench (ratios against baselines measured side by side)."""

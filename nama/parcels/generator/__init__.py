"""The synthetic city for the demo and the benchmarks (``nama parcels generate``)."""

"""What the tests and benchmarks share: paths of the checkout, synthetic corpora, fault plans."""

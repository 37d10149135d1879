"""Contract validation: recordings against specs, schemathesis runs, client fuzzing, the proxy."""

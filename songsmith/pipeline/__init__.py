"""The pipeline: inputs read, songs composed, rendered (in worker processes), named and imported."""

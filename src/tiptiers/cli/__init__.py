"""tiptiers."""

"""Articles as a whole: versions (snapshots of the tree), their diff, restore, step matching."""

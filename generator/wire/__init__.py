"""Wire codecs that depend on nothing of ours, so the client runtime templates can include them."""

"""Parts of stegvis.settings, split by subject; stegvis.settings imports them all."""

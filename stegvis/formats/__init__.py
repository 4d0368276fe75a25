"""Date and number formats per language (FORMAT_MODULE_PATH): English pages use British dates."""

"""`manage.py statistics <usage|outcomes|export>`: one module per subcommand.

Each module has `add_arguments(parser)` and `run(options, stdout)`; bad input raises
CommandError, which the command turns into a message and a non-zero exit.
"""

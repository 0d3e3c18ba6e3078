#!/usr/bin/env bash
# Rewrite the cached top-level help that 'nrcgraph --help' prints before the command line
# loads (a test fails when it differs from the live help), and the CLI reference.
set -euo pipefail
cd "$(dirname "$0")/.."
python -c "
from click.testing import CliRunner
from nrcgraph.cli import cli
print(CliRunner().invoke(cli, ['--help'], prog_name='nrcgraph', terminal_width=80).output, end='')
" > src/nrcgraph/cli/help.txt
cog -r docs/cli.md

"""`python -m shuangsuiji.cli …` is the `shuangsuiji` command."""

from shuangsuiji.cli import main

main()

#!/usr/bin/env python
import sys

from nama.cli import run

if __name__ == "__main__":
    sys.exit(run())

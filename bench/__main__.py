import sys

from bench.build import main

sys.exit(main())

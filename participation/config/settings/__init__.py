"""Settings are split by where the code runs: ``base`` (shared), ``dev`` (``make run``),
``test`` (pytest) and ``production``. Every value that differs between machines is read
from the environment (see ``.env.example``)."""

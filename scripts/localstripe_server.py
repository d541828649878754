"""Runs localstripe, the fake Stripe API, on 127.0.0.1 only, with its state in the project.

localstripe's own command binds every interface and keeps its state in /tmp; this wrapper binds
loopback, starts from an empty store and writes the store where it is told.
"""

import argparse
import pickle
from pathlib import Path

from aiohttp import web
from localstripe.resources import Store, store
from localstripe.server import app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8420)
    parser.add_argument("--state-file", type=Path, required=True)
    args = parser.parse_args()

    state_file: Path = args.state_file
    state_file.parent.mkdir(parents=True, exist_ok=True)
    state_file.unlink(missing_ok=True)

    def dump_to_disk(self) -> None:
        with state_file.open("wb") as handle:
            pickle.dump(self, handle, protocol=pickle.HIGHEST_PROTOCOL)

    Store.dump_to_disk = dump_to_disk
    store.clear()
    web.run_app(app, host="127.0.0.1", port=args.port, print=None)


if __name__ == "__main__":
    main()

# The two commands of the README. Both set up first (idempotent), then run.
.PHONY: setup run test bench

setup:
	@bash scripts/setup.sh

run: setup
	./build/bin/amb run $(ARGS)

test: setup
	cd build && ctest --output-on-failure -j 2

bench: setup
	./build/bin/amb bench runtime

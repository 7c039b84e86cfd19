# The two commands of the README. Both set up first (idempotent), then run.
.PHONY: setup run test bench

setup:
	@bash scripts/setup.sh

run: setup
	./build/bin/amb run $(ARGS)

# A test that hangs (CAF's shutdown was seen to, rarely, under load) fails after 5 minutes
# instead of holding CI until its limit; the slowest test takes under a minute.
test: setup
	cd build && ctest --output-on-failure -j 2 --timeout 300

bench: setup
	./build/bin/amb bench runtime

# Set-up and everyday targets. `make demo` and `make test` work on a fresh Debian
# machine: both first install whatever Debian packages are missing.

BUILD_DIR  ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS       ?= $(shell nproc)

# Everything the architecture lists (docs/architecture.md, "Dependencies").
DEB_PACKAGES := cmake ninja-build g++ make pkg-config python3 \
    antlr4 libantlr4-runtime-dev libz3-dev libboost-program-options-dev libasio-dev \
    libgtest-dev libgmock-dev libbenchmark-dev etcd-server etcd-client

IVY := $(BUILD_DIR)/cli/ivy

.PHONY: all deps build test demo bench bench-kv clean

all: build

# Installs the missing packages (apt-get update first); silent when none are missing.
deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
	    sudo=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	    echo "Installing Debian packages:" $$missing; \
	    $$sudo apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

build: deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null
	@cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	ctest --test-dir $(BUILD_DIR) -j2 --output-on-failure

demo: build
	@echo "== Checking the toy leader election of the PLDI'18 overview (ivy check)"
	@$(IVY) check examples/toy_leader_election.ivy
	@echo
	@echo "== The same without the invariant 'one_vote': a counterexample to induction"
	@grep -v 'conjecture \[one_vote\]' examples/toy_leader_election.ivy > $(BUILD_DIR)/toy_without_one_vote.ivy
	@$(IVY) check isolate=protocol $(BUILD_DIR)/toy_without_one_vote.ivy; test $$? -eq 1
	@echo
	@echo "== Extracting the leader election over TCP (ivy to_cpp) and running 3 nodes"
	@mkdir -p $(BUILD_DIR)/demo && rm -f $(BUILD_DIR)/demo/pids
	@$(IVY) to_cpp target=repl isolate=node_proc build=true outdir=$(BUILD_DIR)/demo \
	    examples/toy_leader_election_tcp.ivy > /dev/null
	@cd $(BUILD_DIR)/demo && c=cluster=127.0.0.1:7990,127.0.0.1:7991,127.0.0.1:7992; \
	    for i in 0 1 2; do ./toy_leader_election_tcp 3 $$i $$c tick_ms=100 > node$$i.out 2>&1 & echo $$! >> pids; done; \
	    sleep 2; kill $$(cat pids); rm pids; \
	    for i in 0 1 2; do echo "node $$i:"; sed 's/^/    /' node$$i.out; done
	@for spec in specs/raft.ivy specs/multi_paxos/multi_paxos.ivy; do \
	    echo; echo "== Checking $$spec (ivy check; the last lines of its report)"; \
	    start=$$(date +%s%N); out=$$($(IVY) check $$spec) || { echo "$$out"; exit 1; }; \
	    echo "$$out" | tail -n 3; \
	    echo "checked in $$(( ($$(date +%s%N) - start) / 1000000 )) ms"; \
	done
	@for protocol in raft multipaxos; do \
	    echo; echo "==== The key-value store on $$protocol"; \
	    KVSERVER=$(abspath $(BUILD_DIR))/runtime/kv/kvserver scripts/kv-demo.sh $$protocol || exit 1; \
	done

bench: build
	@$(BUILD_DIR)/bench/parse_bench
	@$(BUILD_DIR)/bench/elaborate_bench
	@$(BUILD_DIR)/bench/check_bench
	@$(BUILD_DIR)/bench/transport_bench
	@$(BUILD_DIR)/bench/codegen_bench

# kvserver (Raft and Multi-Paxos) against a 3-node etcd on tmpfs, and failover;
# about five minutes.
bench-kv: build
	@KVSERVER=$(abspath $(BUILD_DIR))/runtime/kv/kvserver LOADGEN=$(abspath $(BUILD_DIR))/bench/loadgen \
	    scripts/bench-kv-vs-etcd.sh raft multipaxos

clean:
	rm -rf $(BUILD_DIR)

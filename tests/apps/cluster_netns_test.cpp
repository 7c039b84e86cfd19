// The same run across two network namespaces joined by a veth pair: two hosts with
// non-loopback addresses on one machine, speaking mutual TLS. It needs root and iproute2; a
// machine without them skips it with the reason.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "tests/amb_command.hpp"
#include "tests/amb_process.hpp"

using amb::tests::amb_process;
using amb::tests::reacher_config;
using amb::tests::run_amb;
using amb::tests::scratch_dir;

namespace {

bool shell(const std::string& command) {
  return std::system((command + " > /dev/null 2>&1").c_str()) == 0;
}

// Two namespaces and the veth pair between them, deleted again however the test ends.
struct two_hosts {
  explicit two_hosts(int subnet)
      : a("amb-a-" + std::to_string(::getpid())),
        b("amb-b-" + std::to_string(::getpid())),
        address_a("10.213." + std::to_string(subnet) + ".1"),
        address_b("10.213." + std::to_string(subnet) + ".2") {
    made = shell("ip netns add " + a) && shell("ip netns add " + b);
    made =
        made &&
        shell("ip link add veth-amb-a netns " + a + " type veth peer name veth-amb-b netns " + b) &&
        shell("ip -n " + a + " addr add " + address_a + "/24 dev veth-amb-a") &&
        shell("ip -n " + b + " addr add " + address_b + "/24 dev veth-amb-b") &&
        shell("ip -n " + a + " link set veth-amb-a up") &&
        shell("ip -n " + b + " link set veth-amb-b up") &&
        shell("ip -n " + a + " link set lo up") && shell("ip -n " + b + " link set lo up");
  }
  ~two_hosts() {
    shell("ip netns del " + a);  // takes the veth pair along
    shell("ip netns del " + b);
  }
  std::vector<std::string> in(const std::string& ns) const { return {"ip", "netns", "exec", ns}; }
  std::string a, b, address_a, address_b;
  bool made = false;
};

}  // namespace

TEST_CASE("a node and an attached collector in two network namespaces run over veth with TLS") {
  if (!shell("ip netns list")) {
    MESSAGE("skipped: no usable `ip netns` here (needs iproute2 and root)");
    return;
  }
  two_hosts hosts(static_cast<int>(::getpid() % 200) + 20);
  if (!hosts.made) {
    MESSAGE("skipped: creating network namespaces and a veth pair was refused (needs root)");
    return;
  }
  scratch_dir dir("cluster-netns");
  REQUIRE(run_amb("certs " + (dir.path / "certs").string()).exit_code == 0);
  const auto run = dir.path / "run";
  amb_process node(
      {"node", reacher_config, "--listen", hosts.address_a + ":0", "--certs",
       (dir.path / "certs" / "node").string(), "--local", "model,policy", "--out", run.string(),
       "--set", "budget.trajectories=12", "--set", "evaluation.interval_seconds=0"},
      dir.path / "node.out", hosts.in(hosts.a));
  const auto port = node.wait_for(R"(listening on [^ ]*:(\d+) \(TLS\))");
  // From the other namespace the node is only reachable through the veth pair.
  amb_process attached({"attach", "--connect", hosts.address_a + ":" + port, "--role", "collector",
                        "--certs", (dir.path / "certs" / "peer").string()},
                       dir.path / "attach.out", hosts.in(hosts.b));
  CHECK(node.wait_exit() == 0);
  CHECK(attached.wait_exit() == 0);
  std::ifstream csv(run / "progress_collector-0@peer1.csv");
  std::string line;
  int rows = -1;  // the header
  while (std::getline(csv, line)) ++rows;
  CHECK(rows >= 1);
  std::ifstream events(run / "events.jsonl");
  std::stringstream text;
  text << events.rdbuf();
  CHECK(text.str().find("\"kind\":\"peer_joined\"") != std::string::npos);
}

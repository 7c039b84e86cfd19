// A run spread over processes on loopback, through the real binary: amb node and amb attach
// as two hosts would run them, with real signals, sockets and certificates.
#include <doctest/doctest.h>

#include <boost/asio.hpp>
#include <caf/all.hpp>
#include <caf/io/all.hpp>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numeric>
#include <set>
#include <sstream>

#include "actors/attach_handshake.hpp"
#include "apps/cluster_network.hpp"
#include "bench/collection_timeline.hpp"
#include "messages/errors.hpp"
#include "messages/interfaces.hpp"
#include "messages/registration.hpp"
#include "tests/amb_command.hpp"
#include "tests/amb_process.hpp"
#include "tests/progress_csv.hpp"

using amb::tests::amb_process;
using amb::tests::csv_column;
using amb::tests::reacher_config;
using amb::tests::run_amb;
using amb::tests::scratch_dir;
using amb::tests::wait_for_line;
namespace fs = std::filesystem;

namespace {

// A node on a free loopback port running the learners itself, its collectors to be attached.
std::vector<std::string> node_args(const fs::path& run, const std::vector<std::string>& sets,
                                   const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args{"node",    reacher_config, "--listen",       "127.0.0.1:0",
                                "--local", "model,policy", "--peer-timeout", "1",
                                "--out",   run.string()};
  for (const auto& set : sets) {
    args.push_back("--set");
    args.push_back(set);
  }
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

std::string port_of(amb_process& node) {
  return node.wait_for(R"(listening on [^ ]*:(\d+))");
}

std::vector<std::string> attach_args(const std::string& port,
                                     const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args{
      "attach", "--connect", "127.0.0.1:" + port, "--role", "collector", "--peer-timeout", "1"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

// A node of a 30-trajectory run in `run` without evaluations, for peers to attach to.
amb_process short_run_node(const fs::path& run, const fs::path& console) {
  return amb_process(node_args(run, {"budget.trajectories=30", "evaluation.interval_seconds=0"}),
                     console);
}

// A JSON file of a run folder (summary.json, node.json).
nlohmann::json json_in(const fs::path& file) {
  std::ifstream in(file);
  return nlohmann::json::parse(in);
}

// Once the attached peer1 has finished an episode, sends it `sig`.
void signal_after_first_episode(amb_process& peer, const fs::path& run, int sig) {
  peer.wait_for("as peer1");
  wait_for_line(run / "progress_collector-0@peer1.csv", R"(^[0-9])");
  peer.signal(sig);
}

double mean(const std::vector<double>& v, size_t from, size_t to) {
  return std::accumulate(v.begin() + from, v.begin() + to, 0.0) / double(to - from);
}

}  // namespace

TEST_CASE("collectors attached from another process feed the node's learners and the run learns" *
          doctest::test_suite("alone")) {
  scratch_dir dir("cluster-learns");
  const auto run = dir.path / "run";
  amb_process node(node_args(run, {"budget.trajectories=40", "evaluation.interval_seconds=0"}),
                   dir.path / "node.out");
  amb_process attached(attach_args(port_of(node), {"--count", "2"}), dir.path / "attach.out");

  CHECK(node.wait_exit() == 0);
  CHECK(attached.wait_exit() == 0);
  CHECK(attached.output().find("the node ended the run") != std::string::npos);
  // Every trajectory came over the network: the node ran no collector of its own.
  CHECK_FALSE(fs::exists(run / "progress_collector-0.csv"));
  const auto returns = csv_column(run / "progress_collector-0@peer1.csv", "episode_return");
  const auto versions = csv_column(run / "progress_collector-0@peer1.csv", "policy_version");
  REQUIRE(returns.size() >= 10);
  // θ made by the node's policy learner reached the remote collector, and it got better.
  CHECK(versions.back() > 1);
  CHECK(mean(returns, returns.size() - 5, returns.size()) > mean(returns, 0, 5));
  // The node's model learner fitted the remote data.
  const auto loss = csv_column(run / "progress_model_learner.csv", "validation_loss");
  REQUIRE(loss.size() >= 2);
  CHECK(loss.back() < 0.5 * loss.front());
}

TEST_CASE("a recording node logs the trajectories its remote collectors push, whole") {
  scratch_dir dir("cluster-record");
  const auto run = dir.path / "run";
  amb_process node(node_args(run, {"budget.trajectories=12", "evaluation.interval_seconds=0",
                                   "record.enabled=true"}),
                   dir.path / "node.out");
  amb_process attached(attach_args(port_of(node), {"--count", "2"}), dir.path / "attach.out");
  CHECK(node.wait_exit() == 0);
  CHECK(attached.wait_exit() == 0);

  // The buffer moves from a pushed trajectory; the record of one from another node must have
  // been copied first (it shared the received message's values).
  const auto timeline = amb::bench::read_collection_timeline((run / "messages.amblog").string());
  std::set<std::string> sources;
  for (const auto& episode : timeline.episodes) {
    sources.insert(episode.collector);
    CHECK(episode.steps > 0);
    CHECK(episode.start < episode.stored);
  }
  CHECK(sources == std::set<std::string>{"collector-0@peer1", "collector-1@peer1"});
  CHECK(timeline.episodes.size() >= 12);
}

TEST_CASE("a killed remote collector leaves the run going, and a restarted one re-attaches") {
  scratch_dir dir("cluster-kill");
  const auto run = dir.path / "run";
  amb_process node = short_run_node(run, dir.path / "node.out");
  const auto port = port_of(node);
  {
    amb_process first(attach_args(port), dir.path / "first.out");
    signal_after_first_episode(first, run, SIGKILL);
    CHECK(first.wait_exit() == -1);
  }
  wait_for_line(run / "events.jsonl",
                R"("actor":"peer1 [^"]*","detail":"[^"]*","kind":"peer_lost")");
  REQUIRE(node.running());

  amb_process second(attach_args(port), dir.path / "second.out");
  second.wait_for("as peer2: collector-1@peer2");
  CHECK(node.wait_exit() == 0);  // the budget, reached with the second collector's episodes
  CHECK(second.wait_exit() == 0);
  CHECK(csv_column(run / "progress_collector-1@peer2.csv", "episode_return").size() >= 1);
  // The lost peer is counted as a loss, not as crashes of its supervisor and workers; the
  // node's console said so.
  const auto summary = json_in(run / "summary.json");
  CHECK(summary.at("crashes") == 0);
  CHECK(summary.at("peers_lost") == 1);
  CHECK(summary.at("peers_joined") == 2);
  CHECK(node.output().find("an attached node was lost") != std::string::npos);
}

TEST_CASE("SIGTERM to amb attach leaves the run: its workers stop, the node logs peer_left") {
  scratch_dir dir("cluster-leave");
  const auto run = dir.path / "run";
  amb_process node = short_run_node(run, dir.path / "node.out");
  const auto port = port_of(node);
  {
    amb_process leaving(attach_args(port, {"--count", "2"}), dir.path / "leaving.out");
    signal_after_first_episode(leaving, run, SIGTERM);
    CHECK(leaving.wait_exit() == 143);
    CHECK(leaving.output().find("left the run (SIGTERM)") != std::string::npos);
  }
  wait_for_line(run / "events.jsonl",
                R"("actor":"peer1 [^"]*","detail":"[^"]*","kind":"peer_left")");
  REQUIRE(node.running());
  amb_process second(attach_args(port), dir.path / "second.out");
  CHECK(node.wait_exit() == 0);
  CHECK(second.wait_exit() == 0);
  const auto summary = json_in(run / "summary.json");
  CHECK(summary.at("crashes") == 0);
  CHECK(summary.at("peers_left") == 1);
  CHECK(summary.at("peers_lost") == 0);
  std::ifstream events(run / "events.jsonl");
  const std::string log{std::istreambuf_iterator<char>(events), {}};
  CHECK(log.find("\"kind\":\"crashed\"") == std::string::npos);
  CHECK(log.find("\"kind\":\"peer_lost\"") == std::string::npos);
  CHECK(node.output().find("an attached node left") != std::string::npos);
}

TEST_CASE("amb node --resume keeps the --local roles and network options it started with") {
  scratch_dir dir("cluster-node-resume");
  const auto run = dir.path / "run";
  {
    amb_process node = short_run_node(run, dir.path / "node.out");
    amb_process attached(attach_args(port_of(node)), dir.path / "attach.out");
    wait_for_line(run / "progress_collector-0@peer1.csv", R"(^[0-9])");
    node.signal(SIGINT);
    CHECK(node.wait_exit() == 130);
    attached.wait_exit();
  }
  // Resumed without --local: it still runs no collector of its own (it never had one), and
  // its peer timeout is still 1 s.
  amb_process node({"node", "--resume", run.string(), "--listen", "127.0.0.1:0"},
                   dir.path / "resumed.out");
  const auto port = port_of(node);
  amb_process attached(attach_args(port), dir.path / "attach2.out");
  CHECK(node.wait_exit() == 0);
  CHECK(attached.wait_exit() == 0);
  CHECK_FALSE(fs::exists(run / "progress_collector-0.csv"));
  const auto options = json_in(run / "node.json");
  CHECK(options.at("local") == "model,policy");
  CHECK(options.at("peer_timeout_seconds") == 1.0);
}

TEST_CASE("an attach whose handshake goes unanswered tries again until it gives up") {
  // A published actor that takes the attach request and never answers: the connection is up,
  // as with a node whose handshake reply got lost, which is worth another try, not an end.
  caf::actor_system_config cfg;
  amb::messages::register_types(cfg);
  amb::apps::configure_network(cfg, {});
  caf::actor_system system{cfg};
  auto held = std::make_shared<std::vector<caf::response_promise>>();
  auto silent = system.spawn([held](caf::event_based_actor* self) -> caf::behavior {
    return {[=](amb::messages::attach_atom, const std::string&) {
      held->push_back(self->make_response_promise());
    }};
  });
  auto port = system.middleman().publish(silent, 0, "127.0.0.1", true);
  REQUIRE(port);
  auto attach = run_amb("attach --connect 127.0.0.1:" + std::to_string(*port) +
                        " --role collector --give-up 1");
  CHECK(attach.exit_code == 1);
  CHECK(attach.output.find("not there yet: no answer to the attach handshake within 10 s") !=
        std::string::npos);
  CHECK(attach.output.find("gave up: the node has not answered") != std::string::npos);
  caf::anon_send_exit(silent, caf::exit_reason::user_shutdown);
}

TEST_CASE("an attach started before its node waits for it") {
  scratch_dir dir("cluster-early");
  // A loopback port nobody listens on yet (the kernel's pick, released): the node will.
  uint16_t port = 0;
  {
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor probe(
        io, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
    port = probe.local_endpoint().port();
  }
  const auto where = "127.0.0.1:" + std::to_string(port);
  amb_process early({"attach", "--connect", where, "--role", "collector", "--peer-timeout", "1"},
                    dir.path / "early.out");
  early.wait_for("not there yet");
  auto args =
      node_args(dir.path / "run", {"budget.trajectories=6", "evaluation.interval_seconds=0"});
  args[3] = where;  // --listen
  amb_process node(args, dir.path / "node.out");
  early.wait_for("as peer1");
  CHECK(node.wait_exit() == 0);
  CHECK(early.wait_exit() == 0);
}

TEST_CASE("a frozen remote process is dropped within the configured peer timeout" *
          doctest::test_suite("alone")) {
  scratch_dir dir("cluster-stop");
  const auto run = dir.path / "run";
  amb_process node(node_args(run, {"budget.wall_seconds=600", "evaluation.interval_seconds=0"}),
                   dir.path / "node.out");
  amb_process attached(attach_args(port_of(node)), dir.path / "attach.out");
  signal_after_first_episode(attached, run, SIGSTOP);
  const auto stopped = std::chrono::steady_clock::now();
  wait_for_line(run / "events.jsonl", R"("kind":"peer_lost")", std::chrono::seconds(30));
  const std::chrono::duration<double> detected = std::chrono::steady_clock::now() - stopped;
  // Reported, not asserted: how soon depends on the machine's load (a timed assertion would
  // fail on a busy machine). A peer that was never dropped fails wait_for_line above.
  MESSAGE("a SIGSTOPped peer was dropped after " << detected.count() << " s (--peer-timeout 1)");
  CHECK(node.running());
  attached.signal(SIGCONT);  // it finds itself dropped and re-attaches
  attached.wait_for("as peer2");
}

TEST_CASE("a node refuses peers whose configuration, certificate or message types differ") {
  scratch_dir dir("cluster-refuse");
  REQUIRE(run_amb("certs " + (dir.path / "certs").string()).exit_code == 0);
  REQUIRE(run_amb("certs " + (dir.path / "rogue").string() + " stranger").exit_code == 0);
  const auto node_certs = (dir.path / "certs" / "node").string();
  const auto peer_certs = (dir.path / "certs" / "peer").string();
  amb_process node(
      node_args(dir.path / "run", {"budget.wall_seconds=600"}, {"--certs", node_certs}),
      dir.path / "node.out");
  const auto port = port_of(node);
  // A refusal taken for a node not up yet would be retried: --give-up bounds that wait.
  const auto connect = " --connect 127.0.0.1:" + port + " --role collector --give-up 20 ";

  // No certificate, or one of another CA: TLS ends the connection in its handshake, and the
  // hint says which of the two it was.
  auto without = run_amb("attach" + connect);
  CHECK(without.exit_code == 2);  // a refusal, as the help says, not a failure to connect
  CHECK(without.output.find("refused this attach") != std::string::npos);
  CHECK(without.output.find("disconnect_during_handshake") != std::string::npos);
  CHECK(without.output.find("(the node uses TLS: give this attach --certs") != std::string::npos);
  auto stranger =
      run_amb("attach" + connect + "--certs " + (dir.path / "rogue" / "stranger").string());
  CHECK(stranger.exit_code == 2);
  CHECK(stranger.output.find("(the node refused this node's certificate") != std::string::npos);
  CHECK(stranger.output.find("does not use TLS") == std::string::npos);

  // Certificates given to a node without TLS: the same handshake error, another hint.
  amb_process plain = short_run_node(dir.path / "plain", dir.path / "plain.out");
  auto tls_to_plain = run_amb("attach --connect 127.0.0.1:" + port_of(plain) +
                              " --role collector --give-up 20 --certs " + peer_certs);
  CHECK(tls_to_plain.exit_code == 2);
  CHECK(tls_to_plain.output.find("(the node does not use TLS: attach without --certs)") !=
        std::string::npos);

  // Another configuration: refused by the handshake, naming the keys that differ.
  auto other = run_amb("attach" + connect + "--certs " + peer_certs + " --set seed=7");
  CHECK(other.exit_code == 2);
  CHECK(other.output.find("the run configuration differs") != std::string::npos);
  CHECK(other.output.find("seed: node 1, this attach 7") != std::string::npos);

  // Another build's message types (a client sending the handshake with one more type).
  caf::actor_system_config cfg;
  amb::messages::register_types(cfg);
  amb::apps::network_options tls;
  tls.certs_dir = peer_certs;
  amb::apps::configure_network(cfg, tls);
  caf::actor_system system{cfg};
  auto gateway = amb::apps::connect_to(system, {"127.0.0.1", uint16_t(std::stoi(port))}, tls,
                                       std::chrono::seconds(10));
  amb::actors::attach_request request;
  request.types = amb::messages::type_registry();
  request.types.insert(request.types.begin() + 3, "amb::messages::something_new");
  request.role = "collector";
  request.host = "test";
  caf::scoped_actor self{system};
  std::string refusal;
  self->request(gateway, std::chrono::seconds(10), amb::messages::attach_atom::value,
                amb::actors::to_text(request))
      .receive([](std::string&, std::vector<caf::actor>&) { FAIL("the node accepted it"); },
               [&](caf::error& err) {
                 CHECK(err.code() == static_cast<uint8_t>(amb::messages::errc::refused));
                 REQUIRE(err.context().match_elements<std::string>());
                 refusal = err.context().get_as<std::string>(0);
               });
  CHECK(refusal.find("message type registries differ") != std::string::npos);
  CHECK(refusal.find("type #3") != std::string::npos);

  // The right certificate and configuration get in; the node logged every refusal.
  amb_process member(attach_args(port, {"--certs", peer_certs}), dir.path / "member.out");
  member.wait_for("as peer1");
  std::ifstream events(dir.path / "run" / "events.jsonl");
  std::stringstream text;
  text << events.rdbuf();
  size_t refused = 0;
  for (size_t at = 0; (at = text.str().find("peer_refused", at)) != std::string::npos; ++at)
    ++refused;
  CHECK(refused == 2);  // the configuration and the registry; TLS refusals never get that far
}

TEST_CASE("learners attached from another process keep their state in the node's state servers") {
  scratch_dir dir("cluster-learner-state");
  const auto run = dir.path / "run";
  amb_process node({"node", reacher_config, "--listen", "127.0.0.1:0", "--local", "collector",
                    "--peer-timeout", "1", "--out", run.string(), "--set", "budget.trajectories=40",
                    "--set", "evaluation.interval_seconds=0"},
                   dir.path / "node.out");
  const auto port = port_of(node);
  auto learner = [&](const std::string& role) {
    return std::vector<std::string>{
        "attach", "--connect", "127.0.0.1:" + port, "--role", role, "--peer-timeout", "1"};
  };
  amb_process model(learner("model"), dir.path / "model.out");
  amb_process policy(learner("policy"), dir.path / "policy.out");
  CHECK(node.wait_exit() == 0);
  CHECK(model.wait_exit() == 0);
  CHECK(policy.wait_exit() == 0);
  // The handshake named the node's servers, the state servers among them: the attached
  // learners pushed their states there, and the node checkpointed them.
  CHECK(fs::exists(run / "checkpoint" / "model_learner.state.params"));
  CHECK(fs::exists(run / "checkpoint" / "policy_learner.state.params"));
}

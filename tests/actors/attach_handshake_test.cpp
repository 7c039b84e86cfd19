// The node's checks of an attach request: each refusal says what differs.
#include "actors/attach_handshake.hpp"

#include <doctest/doctest.h>

using namespace amb::actors;
using nlohmann::json;

namespace {

node_identity a_node() {
  node_identity node;
  node.types = {"amb::messages::shared_bytes", "amb::messages::trajectory"};
  node.config = {{"seed", 1}, {"env", {{"name", "reacher"}, {"horizon", 50}}}};
  return node;
}

attach_request a_request(const node_identity& node) {
  attach_request request;
  request.types = node.types;
  request.role = "collector";
  request.count = 2;
  request.host = "b";
  request.pid = 7;
  return request;
}

}  // namespace

TEST_CASE("a request of the same build and configuration is accepted, through its text form") {
  const auto node = a_node();
  auto request = parse_attach_request(to_text(a_request(node)));
  CHECK_FALSE(refusal(request, node).has_value());
  request.config = node.config;  // naming the same configuration
  CHECK_FALSE(refusal(request, node).has_value());
}

TEST_CASE("a different configuration is refused with the hashes and the keys that differ") {
  const auto node = a_node();
  auto request = a_request(node);
  request.config = node.config;
  request.config["env"]["horizon"] = 100;
  request.config["extra"] = true;
  const auto why = refusal(request, node);
  REQUIRE(why);
  CHECK(why->find(config_hash(node.config)) != std::string::npos);
  CHECK(why->find(config_hash(request.config)) != std::string::npos);
  CHECK(why->find("env.horizon: node 50, this attach 100") != std::string::npos);
  CHECK(why->find("extra: node (none), this attach true") != std::string::npos);
  CHECK(why->find("seed") == std::string::npos);
}

TEST_CASE("another type registry or protocol version is refused, naming the first difference") {
  const auto node = a_node();
  auto request = a_request(node);
  request.types[1] = "amb::messages::trajectory_v2";
  auto why = refusal(request, node);
  REQUIRE(why);
  CHECK(why->find("type #1: node 'amb::messages::trajectory', this attach "
                  "'amb::messages::trajectory_v2'") != std::string::npos);

  request = a_request(node);
  request.protocol = attach_protocol_version + 1;
  why = refusal(parse_attach_request(to_text(request)), node);
  REQUIRE(why);
  CHECK(why->find("protocol differs") != std::string::npos);
}

TEST_CASE("roles the run lacks, bad counts and malformed requests are refused") {
  auto node = a_node();
  auto request = a_request(node);
  request.role = "model";
  request.count = 1;
  node.has_model_learner = false;
  REQUIRE(refusal(request, node));
  CHECK(refusal(request, node)->find("no model learner") != std::string::npos);
  request.role = "policy";
  request.count = 2;
  CHECK(refusal(request, node)->find("exactly 1 policy") != std::string::npos);
  request.role = "janitor";
  CHECK(refusal(request, node)->find("unknown role 'janitor'") != std::string::npos);
  CHECK_THROWS_WITH_AS(parse_attach_request("[1, 2]"), "the attach request is not a JSON object",
                       std::invalid_argument);
  // Of this protocol version: a request of another may have other fields.
  CHECK_THROWS_WITH_AS(
      parse_attach_request(R"({"protocol": )" + std::to_string(attach_protocol_version) +
                           R"(, "types": []})"),
      "the attach request lacks 'role'", std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_attach_request(R"({"protocol": "one"})"),
                       "the attach request: 'protocol' has the wrong type", std::invalid_argument);
}

TEST_CASE("the welcome names the servers whose handles come with it") {
  attach_welcome welcome;
  welcome.peer = "peer1";
  welcome.config = {{"seed", 1}};
  welcome.servers = {"data_buffer", "policy", "model", "policy_learner.state"};
  const auto back = parse_attach_welcome(to_text(welcome));
  CHECK(back.servers == welcome.servers);
  CHECK_THROWS_WITH_AS(parse_attach_welcome(R"({"peer": "p", "config": {}, "first_collector": 0,
                                                "generation": 0})"),
                       "the node's welcome lacks 'servers'", std::invalid_argument);
}

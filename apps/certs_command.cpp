// amb certs: a CA and one certificate folder per node, for mutual TLS between nodes.
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "apps/commands.hpp"

namespace amb::apps {

namespace {

namespace fs = std::filesystem;

constexpr const char* certs_details =
    R"(Makes, with the openssl command-line tool, a certificate authority for one cluster and a
certificate per node signed by it:
  DIR/ca/ca.pem, DIR/ca/ca.key    the CA; keep ca.key to yourself, it makes new members
  DIR/NAME/ca.pem, cert.pem, key.pem
                                  what node NAME needs: copy the folder to its host and give
                                  it with --certs DIR/NAME to amb node or amb attach
Nodes then speak mutual TLS: each refuses a peer whose certificate this CA did not sign.
Keys are RSA 2048, certificates valid for 365 days. An existing DIR/ca is reused (to add
nodes); an existing node folder is refused, not overwritten.)";

// Runs an openssl command quietly; throws with the command on failure.
void openssl(const std::string& arguments) {
  const auto command = "openssl " + arguments + " > /dev/null 2>&1";
  if (std::system(command.c_str()) != 0)
    throw std::runtime_error("failed: " + command + " (is the openssl tool installed?)");
}

std::string quoted(const fs::path& path) {
  return "'" + path.string() + "'";
}

// A node's name: a folder name and a certificate's CN.
void check_node_name(const std::string& name) {
  if (name.empty() || name == "ca" ||
      name.find_first_not_of("abcdefghijklmnopqrstuvwxyz"
                             "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                             "0123456789-_.") != std::string::npos)
    throw std::invalid_argument("'" + name + "': a node name is letters, digits, - _ . and not ca");
}

int make_certs(const fs::path& dir, const std::vector<std::string>& names) {
  for (const auto& name : names)
    if (fs::exists(dir / name)) {
      std::cerr << "amb certs: " << (dir / name).string() << " exists; not overwritten\n";
      return 2;
    }
  std::error_code error;
  const auto ca = dir / "ca";
  if (fs::create_directories(ca, error); error) {
    std::cerr << "amb certs: " << ca.string() << ": cannot create the folder: " << error.message()
              << "\n";
    return 2;
  }
  ::chmod(ca.c_str(), 0700);
  if (!fs::exists(ca / "ca.pem")) {
    openssl("req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=amb-cluster-ca -keyout " +
            quoted(ca / "ca.key") + " -out " + quoted(ca / "ca.pem"));
    std::cout << "[amb certs] made the CA in " << ca.string() << "\n";
  }
  for (const auto& name : names) {
    const auto node = dir / name;
    fs::create_directories(node);
    ::chmod(node.c_str(), 0700);
    openssl("req -newkey rsa:2048 -nodes -subj /CN=" + name + " -keyout " +
            quoted(node / "key.pem") + " -out " + quoted(node / "request.csr"));
    openssl("x509 -req -days 365 -in " + quoted(node / "request.csr") + " -CA " +
            quoted(ca / "ca.pem") + " -CAkey " + quoted(ca / "ca.key") + " -CAcreateserial -out " +
            quoted(node / "cert.pem"));
    fs::remove(node / "request.csr");
    fs::copy_file(ca / "ca.pem", node / "ca.pem");
    std::cout << "[amb certs] " << node.string() << ": cert.pem, key.pem, ca.pem (use --certs "
              << node.string() << ")\n";
  }
  return 0;
}

}  // namespace

void add_certs_command(command_table& table) {
  auto* command = add_command(table.amb, "certs",
                              "Make a CA and a certificate folder per node for mutual TLS between "
                              "amb node and amb attach (--certs DIR/NAME)",
                              certs_details);
  auto dir = std::make_shared<std::string>();
  auto names = std::make_shared<std::vector<std::string>>();
  command->add_option("DIR", *dir, "where the CA and the node folders go")->required();
  command->add_option("NAME", *names, "the nodes' names (default: node peer)")
      ->check(accepted_by(check_node_name));
  table.add(command, [dir, names] {
    return make_certs(*dir, names->empty() ? std::vector<std::string>{"node", "peer"} : *names);
  });
}

}  // namespace amb::apps

// amb certs: a CA and one certificate folder per node, for mutual TLS between nodes.
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "apps/commands.hpp"

namespace amb::apps {

namespace {

namespace fs = std::filesystem;

constexpr const char* certs_usage =
    R"(usage: amb certs DIR [NAME ...]

Makes, with the openssl command-line tool, a certificate authority for one cluster and a
certificate per node signed by it (names default to: node peer):
  DIR/ca/ca.pem, DIR/ca/ca.key    the CA; keep ca.key to yourself, it makes new members
  DIR/NAME/ca.pem, cert.pem, key.pem
                                  what node NAME needs: copy the folder to its host and give
                                  it with --certs DIR/NAME to amb node or amb attach
Nodes then speak mutual TLS: each refuses a peer whose certificate this CA did not sign.
Keys are RSA 2048, certificates valid for 365 days. An existing DIR/ca is reused (to add
nodes); an existing node folder is refused, not overwritten.
)";

// Runs an openssl command quietly; throws with the command on failure.
void openssl(const std::string& arguments) {
  const auto command = "openssl " + arguments + " > /dev/null 2>&1";
  if (std::system(command.c_str()) != 0)
    throw std::runtime_error("failed: " + command + " (is the openssl tool installed?)");
}

std::string quoted(const fs::path& path) {
  return "'" + path.string() + "'";
}

}  // namespace

int certs_command(const std::vector<std::string>& args) {
  for (const auto& arg : args)
    if (arg == "--help" || arg == "-h") {
      std::cout << certs_usage;
      return 0;
    }
  if (args.empty() || args[0].rfind("--", 0) == 0) {
    std::cerr << "amb certs: want DIR [NAME ...] (see amb certs --help)\n";
    return 2;
  }
  const fs::path dir = args[0];
  std::vector<std::string> names(args.begin() + 1, args.end());
  if (names.empty()) names = {"node", "peer"};
  for (const auto& name : names)
    if (name.empty() || name == "ca" ||
        name.find_first_not_of("abcdefghijklmnopqrstuvwxyz"
                               "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                               "0123456789-_.") != std::string::npos) {
      std::cerr << "amb certs: '" << name
                << "': a node name is letters, digits, - _ . and not ca\n";
      return 2;
    } else if (fs::exists(dir / name)) {
      std::cerr << "amb certs: " << (dir / name).string() << " exists; not overwritten\n";
      return 2;
    }
  const auto ca = dir / "ca";
  fs::create_directories(ca);
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

}  // namespace amb::apps

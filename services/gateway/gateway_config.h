// nianbao-gatewayd's settings: the config file (GatewayServerConfig, text format) given with
// --config, then the flags that override it. --listen, --port_file, --config and --tls_* are the
// flags every nianbao server has (services/common/server_bootstrap.h), so the gateway starts,
// listens and takes its certificate exactly as nianbao-workflowd does.
#ifndef NIANBAO_SERVICES_GATEWAY_GATEWAY_CONFIG_H_
#define NIANBAO_SERVICES_GATEWAY_GATEWAY_CONFIG_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "nianbao/config/v1/gateway_server.pb.h"
#include "nianbao/config/v1/server.pb.h"

namespace nianbao::gateway {

inline constexpr char kDefaultGatewayListen[] = "127.0.0.1:7403";
inline constexpr int64_t kDefaultMaxBodyBytes = 4 * 1024 * 1024;
inline constexpr absl::Duration kDefaultRequestTimeout = absl::Seconds(30);
inline constexpr absl::Duration kDefaultIdleTimeout = absl::Seconds(30);

// Everything the server needs, defaults applied.
struct GatewayOptions {
  nianbao::config::v1::GatewayServerConfig config;  // Backends (with their TLS), as resolved.
  std::string listen;
  std::string port_file;
  nianbao::config::v1::ServerTlsConfig tls;
  absl::Duration shutdown_grace = absl::Seconds(5);
  int64_t max_body_bytes = kDefaultMaxBodyBytes;
  absl::Duration request_timeout = kDefaultRequestTimeout;
  absl::Duration idle_timeout = kDefaultIdleTimeout;
  std::vector<std::string> cors_allowed_origins;
  std::vector<std::string> trusted_proxies;
  std::string static_root;
  int threads = 2;
  absl::Duration sse_heartbeat = absl::Seconds(15);
};

// Reads --config (when given) and applies the flags. INVALID_ARGUMENT naming the setting for a
// missing backend address or a negative limit; config file errors as LoadTextConfig gives them.
[[nodiscard]] absl::StatusOr<GatewayOptions> LoadGatewayOptions();

// The options for a config already parsed, with the flags applied (for tests of the rules).
[[nodiscard]] absl::StatusOr<GatewayOptions> ResolveGatewayOptions(
    nianbao::config::v1::GatewayServerConfig config);

}  // namespace nianbao::gateway

#endif  // NIANBAO_SERVICES_GATEWAY_GATEWAY_CONFIG_H_

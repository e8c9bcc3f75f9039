#include "services/gateway/gateway_config.h"

#include <utility>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/server_bootstrap.h"

ABSL_FLAG(std::string, workflow_address, "",
          "nianbao-workflowd address host:port; overrides the config's workflow.address");
ABSL_FLAG(std::string, validation_address, "",
          "nianbao-validatord address host:port; overrides the config's validation.address");
ABSL_FLAG(std::string, backend_tls_ca_file, "",
          "CAs (PEM) of both backends' certificates: call them over TLS; overrides the config's "
          "workflow.tls.ca_file and validation.tls.ca_file");
ABSL_FLAG(std::string, backend_tls_cert_file, "",
          "client certificate chain (PEM) presented to both backends (the one workflowd trusts as "
          "a gateway); overrides workflow.tls.cert_file and validation.tls.cert_file");
ABSL_FLAG(std::string, backend_tls_key_file, "",
          "the client certificate's key (PEM); overrides workflow.tls.key_file and "
          "validation.tls.key_file");
ABSL_FLAG(std::string, static_root, "",
          "directory served under / (the web console); overrides the config's static_root");
ABSL_FLAG(std::string, cors_allowed_origins, "",
          "comma-separated origins allowed by CORS; overrides the config's cors_allowed_origins");
ABSL_FLAG(int64_t, max_body_bytes, 0,
          "largest request body in bytes (0: the config's, else 4 MiB); larger ones are 413");

namespace nianbao::gateway {
namespace {

using nianbao::config::v1::GatewayBackend;
using nianbao::config::v1::GatewayServerConfig;
using service::OverrideWithFlag;

void OverrideBackendTls(GatewayBackend* backend) {
  OverrideWithFlag(FLAGS_backend_tls_ca_file, backend->mutable_tls()->mutable_ca_file());
  OverrideWithFlag(FLAGS_backend_tls_cert_file, backend->mutable_tls()->mutable_cert_file());
  OverrideWithFlag(FLAGS_backend_tls_key_file, backend->mutable_tls()->mutable_key_file());
}

absl::Status InvalidSetting(absl::string_view setting, absl::string_view zh, absl::string_view en) {
  return absl::InvalidArgumentError(absl::StrCat(zh, " ", setting, " (", en, " ", setting, ")"));
}

absl::Duration MillisOr(int32_t millis, absl::Duration fallback) {
  return millis > 0 ? absl::Milliseconds(millis) : fallback;
}

}  // namespace

absl::StatusOr<GatewayOptions> ResolveGatewayOptions(GatewayServerConfig config) {
  OverrideWithFlag(FLAGS_workflow_address, config.mutable_workflow()->mutable_address());
  OverrideWithFlag(FLAGS_validation_address, config.mutable_validation()->mutable_address());
  OverrideBackendTls(config.mutable_workflow());
  OverrideBackendTls(config.mutable_validation());
  OverrideWithFlag(FLAGS_static_root, config.mutable_static_root());
  if (const std::string origins = absl::GetFlag(FLAGS_cors_allowed_origins); !origins.empty()) {
    config.clear_cors_allowed_origins();
    for (absl::string_view origin : absl::StrSplit(origins, ',', absl::SkipWhitespace())) {
      config.add_cors_allowed_origins(std::string(origin));
    }
  }
  if (absl::GetFlag(FLAGS_max_body_bytes) > 0) {
    config.set_max_body_bytes(absl::GetFlag(FLAGS_max_body_bytes));
  }
  if (config.workflow().address().empty()) {
    return InvalidSetting("workflow.address (--workflow_address)", "缺少", "missing");
  }
  if (config.validation().address().empty()) {
    return InvalidSetting("validation.address (--validation_address)", "缺少", "missing");
  }
  if (config.max_body_bytes() < 0 || config.request_timeout_ms() < 0 ||
      config.idle_timeout_ms() < 0 || config.threads() < 0 || config.sse_heartbeat_ms() < 0) {
    return InvalidSetting(
        "max_body_bytes, request_timeout_ms, idle_timeout_ms, threads, sse_heartbeat_ms",
        "不能为负数", "must not be negative");
  }
  const service::ServerOptions server =
      service::ResolveServerOptions(config.server(), kDefaultGatewayListen);
  GatewayOptions options;
  options.listen = server.listen;
  options.port_file = server.port_file;
  options.tls = server.tls;
  options.shutdown_grace = server.shutdown_grace;
  if (config.max_body_bytes() > 0) options.max_body_bytes = config.max_body_bytes();
  options.request_timeout = MillisOr(config.request_timeout_ms(), kDefaultRequestTimeout);
  options.idle_timeout = MillisOr(config.idle_timeout_ms(), kDefaultIdleTimeout);
  options.cors_allowed_origins.assign(config.cors_allowed_origins().begin(),
                                      config.cors_allowed_origins().end());
  options.trusted_proxies.assign(config.trusted_proxies().begin(), config.trusted_proxies().end());
  options.static_root = config.static_root();
  if (config.threads() > 0) options.threads = config.threads();
  options.sse_heartbeat = MillisOr(config.sse_heartbeat_ms(), options.sse_heartbeat);
  options.config = std::move(config);
  return options;
}

absl::StatusOr<GatewayOptions> LoadGatewayOptions() {
  GatewayServerConfig config;
  if (absl::Status s = service::LoadConfigFromFlags(&config); !s.ok()) return s;
  return ResolveGatewayOptions(std::move(config));
}

}  // namespace nianbao::gateway

// How every nianbao gRPC server starts and stops, so nianbao-validatord and nianbao-workflowd
// behave alike: flags --listen, --port_file, --config, --max_receive_message_bytes and --tls_*; a
// text-format config file whose ServerConfig the flags override; the standard health service
// (SERVING while up) and server reflection; a cap on request size; a graceful stop on SIGTERM
// or SIGINT that lets in-flight calls finish (up to a grace period) before a hook releases
// resources (a database); and, for a server that asks for it, SIGHUP as "read your configuration
// again" (ServerOptions::on_reload) while it keeps serving.
//
// Typical main:
//   absl::ParseCommandLine(argc, argv);
//   ValidationServerConfig config;
//   if (absl::Status s = LoadConfigFromFlags(&config); !s.ok()) { ...exit 2 }
//   absl::StatusOr<ServerOptions> options = PrepareServerOptions(config.server(),
//   "127.0.0.1:50061"); if (!options.ok()) { ...exit 2 } MyService service; absl::Status s =
//   RunServerUntilSignal(*options, {&service}, [] { /* close the DB */ });
#ifndef NIANBAO_SERVICES_COMMON_SERVER_BOOTSTRAP_H_
#define NIANBAO_SERVICES_COMMON_SERVER_BOOTSTRAP_H_

#include <google/protobuf/message.h>
#include <grpcpp/impl/codegen/service_type.h>
#include <grpcpp/security/server_credentials.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "nianbao/config/v1/server.pb.h"

ABSL_DECLARE_FLAG(std::string, listen);
ABSL_DECLARE_FLAG(std::string, port_file);
ABSL_DECLARE_FLAG(std::string, config);
ABSL_DECLARE_FLAG(int, max_receive_message_bytes);
ABSL_DECLARE_FLAG(std::string, tls_cert_file);
ABSL_DECLARE_FLAG(std::string, tls_key_file);
ABSL_DECLARE_FLAG(std::string, tls_client_ca_file);

namespace nianbao::service {

inline constexpr int kDefaultMaxReceiveMessageBytes = 16 * 1024 * 1024;
inline constexpr absl::Duration kDefaultShutdownGrace = absl::Seconds(5);
// Idle call threads a sync-API server keeps instead of ending them (gRPC's default is 2).
inline constexpr int kSyncServerMaxIdleThreads = 16;
// Bounds on what callers can make a server hold, so that calls that never finish (headers sent,
// no body) cannot exhaust it: streams open at once on one connection, threads serving calls in
// all (beyond them a call is refused with RESOURCE_EXHAUSTED instead of starting another), and the
// memory gRPC may give to calls and connections. A connection is closed after kMaxConnectionAge
// plus kMaxConnectionAgeGrace (clients reconnect by themselves; streams resume from their last
// position), which ends calls left idle on it.
inline constexpr int kMaxConcurrentStreamsPerConnection = 100;
inline constexpr int kMaxServerThreads = 200;
inline constexpr int64_t kServerMemoryQuotaBytes = int64_t{1} << 30;
inline constexpr absl::Duration kMaxConnectionAge = absl::Minutes(30);
inline constexpr absl::Duration kMaxConnectionAgeGrace = absl::Minutes(5);

struct ServerOptions {
  std::string listen;     // "host:port"; port 0 picks a free one.
  std::string port_file;  // When set, the bound port is written here once serving (for tests).
  int max_receive_message_bytes = kDefaultMaxReceiveMessageBytes;
  absl::Duration shutdown_grace = kDefaultShutdownGrace;
  // The listening port's TLS; no cert_file: plaintext (with a warning beyond loopback).
  nianbao::config::v1::ServerTlsConfig tls;
  // Built from `tls` by PrepareServerOptions; RunServerUntilSignal refuses to start without them.
  std::shared_ptr<grpc::ServerCredentials> credentials;
  // When set, asked every `probe_interval` whether the server can do its work (e.g. whether its
  // store can write): health reports NOT_SERVING, and the reason is logged, while it fails.
  std::function<absl::Status()> serving_probe;
  absl::Duration probe_interval = absl::Seconds(1);
  // When set, called once the shutdown signal arrives, before in-flight calls get their grace:
  // long-lived streams (the change feed) end there at once rather than at the grace's end.
  std::function<void()> before_shutdown;
  // When set, SIGHUP calls it (on the thread that called RunServerUntilSignal, never in the signal
  // handler) while calls go on being served; each SIGHUP calls it once more, one at a time (signals
  // that arrive while it runs are not lost: each is handled after it). When unset, SIGHUP keeps
  // its default action (the process ends), as before.
  std::function<void()> on_reload;
};

// A flag given on the command line overrides the config file's value: sets *value to the flag's
// value unless that is empty.
void OverrideWithFlag(const absl::Flag<std::string>& flag, std::string* value);

// Parses the text-format file named by --config into *config. Leaves *config unchanged when the
// flag is empty. NOT_FOUND when the file is unreadable; INVALID_ARGUMENT (naming the file, line and
// column) when it is not a valid text-format `config` (workflow/text_config).
[[nodiscard]] absl::Status LoadConfigFromFlags(google::protobuf::Message* config);
[[nodiscard]] absl::Status LoadTextConfig(const std::string& path,
                                          google::protobuf::Message* config);

// The options in force: built-in defaults (`default_listen`), then the config, then any flag given.
ServerOptions ResolveServerOptions(const nianbao::config::v1::ServerConfig& config,
                                   absl::string_view default_listen);

// ResolveServerOptions, then the listening port's credentials, read and checked from the TLS files
// (errors as tls_credentials.h gives them). A main calls it before it opens anything, so that a
// wrong TLS setting stops the server with nothing created.
[[nodiscard]] absl::StatusOr<ServerOptions> PrepareServerOptions(
    const nianbao::config::v1::ServerConfig& config, absl::string_view default_listen);

// The warning a server prints at start when it listens beyond loopback without TLS, else "".
std::string TransportWarning(const ServerOptions& options);

// Why `listen` cannot be bound, found by trying to bind it as gRPC does ("" when it can be now):
// e.g. that another process already listens there.
std::string BindFailureReason(absl::string_view listen);

// A service to serve and its full name ("nianbao.v1.ValidationService"), under which the health
// service reports it, so probes that name the service get SERVING as well as those that don't.
struct ServedService {
  grpc::Service* service;  // Borrowed.
  std::string full_name;   // e.g. nianbao::v1::ValidationService::service_full_name().
};

// Process settings for serving, made before the first gRPC object. Debian's Abseil is built
// without NDEBUG, so absl::Mutex, which gRPC locks many times per call, runs its deadlock
// detector on every lock: a debugging aid that showed in profiles of nianbao-workflowd as a few
// percent of its CPU (absl's GraphCycles and lock bookkeeping). Servers turn it off; unit tests
// keep it on. It also fixes glibc malloc's mmap and trim thresholds (serving_allocator.h).
void PrepareProcessForServing();

// Builds a server with `services` (borrowed; they must outlive the call) plus health and
// reflection, starts it, writes the port file, and blocks until SIGTERM or SIGINT (calling
// options.on_reload for each SIGHUP meanwhile, when set). Then it marks
// health NOT_SERVING, stops accepting calls, waits up to options.shutdown_grace for in-flight calls
// (cancelling the rest), runs `after_shutdown` (may be empty) and returns OK. Calls
// PrepareProcessForServing first. FAILED_PRECONDITION when options.credentials are unset (see
// PrepareServerOptions); UNAVAILABLE when the address cannot be bound, also when another process
// listens on it (the port is never shared: SO_REUSEPORT is off); INTERNAL when the port file
// cannot be written. Call once per process.
[[nodiscard]] absl::Status RunServerUntilSignal(const ServerOptions& options,
                                                const std::vector<ServedService>& services,
                                                const std::function<void()>& after_shutdown);

}  // namespace nianbao::service

#endif  // NIANBAO_SERVICES_COMMON_SERVER_BOOTSTRAP_H_

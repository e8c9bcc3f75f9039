#include "services/common/server_bootstrap.h"

#include <fcntl.h>
#include <grpc/grpc.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/resource_quota.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "grpc/health/v1/health.pb.h"
#include "services/common/malformed_request_interceptor.h"
#include "services/common/serving_allocator.h"
#include "services/common/tls_credentials.h"
#include "workflow/text_config.h"

ABSL_FLAG(std::string, listen, "",
          "Address to listen on, host:port (port 0 picks a free port). Overrides the config's "
          "server.listen; when neither is given, the server's default.");
ABSL_FLAG(std::string, port_file, "",
          "When set, the bound port is written to this file once the server is serving.");
ABSL_FLAG(std::string, config, "", "Text-format configuration file (see proto/nianbao/config).");
ABSL_FLAG(int, max_receive_message_bytes, 0,
          "Largest request accepted, in bytes (0: config, else 16 MiB). Larger requests fail with "
          "RESOURCE_EXHAUSTED.");
ABSL_FLAG(std::string, tls_cert_file, "",
          "Server certificate chain, PEM: serve TLS instead of plaintext. Overrides the config's "
          "server.tls.cert_file.");
ABSL_FLAG(std::string, tls_key_file, "",
          "The certificate's private key, PEM. Overrides server.tls.key_file.");
ABSL_FLAG(std::string, tls_client_ca_file, "",
          "CAs (PEM) whose client certificates are required (mutual TLS). Overrides "
          "server.tls.client_ca_file.");

namespace nianbao::service {
namespace {

// The write end of the self-pipe the signal handler wakes the main thread through. A signal
// handler may only call async-signal-safe functions; write() is one.
int g_signal_pipe_write = -1;

extern "C" void OnShutdownSignal(int signal_number) {
  const int saved_errno = errno;
  const char byte = static_cast<char>(signal_number);
  if (g_signal_pipe_write >= 0) (void)!write(g_signal_pipe_write, &byte, 1);
  errno = saved_errno;
}

absl::Status WritePortFile(const std::string& path, int port) {
  // Written to a temporary file and renamed, so a reader never sees a half-written port.
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << port << "\n";
    if (!out.good()) {
      return absl::InternalError(absl::StrCat("无法写入端口文件 cannot write port file ", path));
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    return absl::InternalError(absl::StrCat("无法写入端口文件 cannot write port file ", path));
  }
  return absl::OkStatus();
}

// Keeps the health service's answer in step with options.serving_probe, on a thread of its own,
// until destroyed.
class ServingProbe {
 public:
  ServingProbe(const ServerOptions& options, const std::vector<ServedService>& services,
               grpc::Server* server)
      : thread_([this, options, services, server] { Run(options, services, server); }) {}
  ~ServingProbe() {
    {
      absl::MutexLock lock(&mutex_);
      stop_ = true;
    }
    thread_.join();
  }

 private:
  void Run(const ServerOptions& options, const std::vector<ServedService>& services,
           grpc::Server* server) {
    bool serving = true;
    absl::MutexLock lock(&mutex_);
    while (!mutex_.AwaitWithTimeout(absl::Condition(&stop_), options.probe_interval)) {
      const absl::Status status = options.serving_probe();
      if (status.ok() == serving) continue;
      serving = status.ok();
      grpc::HealthCheckServiceInterface* health = server->GetHealthCheckService();
      health->SetServingStatus(serving);
      for (const ServedService& served : services) {
        health->SetServingStatus(served.full_name, serving);
      }
      std::cerr << (serving ? "serving again" : "NOT_SERVING: ")
                << (serving ? "" : status.message()) << std::endl;
    }
  }

  absl::Mutex mutex_;
  bool stop_ ABSL_GUARDED_BY(mutex_) = false;
  std::thread thread_;
};

}  // namespace

absl::Status LoadTextConfig(const std::string& path, google::protobuf::Message* config) {
  return nianbao::workflow::ParseTextConfigFile(path, "配置文件", "config file", config);
}

absl::Status LoadConfigFromFlags(google::protobuf::Message* config) {
  const std::string path = absl::GetFlag(FLAGS_config);
  if (path.empty()) return absl::OkStatus();
  return LoadTextConfig(path, config);
}

void OverrideWithFlag(const absl::Flag<std::string>& flag, std::string* value) {
  if (std::string given = absl::GetFlag(flag); !given.empty()) *value = std::move(given);
}

ServerOptions ResolveServerOptions(const nianbao::config::v1::ServerConfig& config,
                                   absl::string_view default_listen) {
  ServerOptions options;
  options.listen = std::string(default_listen);
  if (!config.listen().empty()) options.listen = config.listen();
  OverrideWithFlag(FLAGS_listen, &options.listen);
  if (config.max_receive_message_bytes() > 0) {
    options.max_receive_message_bytes = config.max_receive_message_bytes();
  }
  if (absl::GetFlag(FLAGS_max_receive_message_bytes) > 0) {
    options.max_receive_message_bytes = absl::GetFlag(FLAGS_max_receive_message_bytes);
  }
  if (config.shutdown_grace_period_ms() > 0) {
    options.shutdown_grace = absl::Milliseconds(config.shutdown_grace_period_ms());
  }
  options.port_file = absl::GetFlag(FLAGS_port_file);
  options.tls = config.tls();
  OverrideWithFlag(FLAGS_tls_cert_file, options.tls.mutable_cert_file());
  OverrideWithFlag(FLAGS_tls_key_file, options.tls.mutable_key_file());
  OverrideWithFlag(FLAGS_tls_client_ca_file, options.tls.mutable_client_ca_file());
  return options;
}

absl::StatusOr<ServerOptions> PrepareServerOptions(const nianbao::config::v1::ServerConfig& config,
                                                   absl::string_view default_listen) {
  ServerOptions options = ResolveServerOptions(config, default_listen);
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      MakeServerCredentials(options.tls);
  if (!credentials.ok()) return credentials.status();
  options.credentials = *std::move(credentials);
  return options;
}

std::string TransportWarning(const ServerOptions& options) {
  if (!options.tls.cert_file().empty() || IsLoopbackAddress(options.listen)) return "";
  return absl::StrCat(
      "警告：", options.listen,
      " 未配置 TLS，令牌将以明文在网络上传输；请配置 server.tls (warning: no TLS on ",
      options.listen,
      ", bearer tokens would cross the network in plaintext; configure server.tls)");
}

std::string BindFailureReason(absl::string_view listen) {
  std::string host(listen), port;
  if (absl::StartsWith(host, "[")) {
    const size_t close = host.find(']');
    if (close == std::string::npos) return "";
    port = host.substr(std::min(close + 2, host.size()));
    host = host.substr(1, close - 1);
  } else {
    const size_t colon = host.rfind(':');
    if (colon == std::string::npos) return "";
    port = host.substr(colon + 1);
    host.resize(colon);
  }
  addrinfo hints = {};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.empty() ? nullptr : host.c_str(), port.c_str(), &hints, &found) != 0) {
    return absl::StrCat("无法解析地址 cannot resolve ", listen);
  }
  std::string reason;
  for (addrinfo* a = found; a != nullptr && reason.empty(); a = a->ai_next) {
    const int fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    const int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    if (bind(fd, a->ai_addr, a->ai_addrlen) != 0) {
      reason =
          errno == EADDRINUSE
              ? absl::StrCat("端口已被另一进程占用 (address already in use by another process)")
              : absl::StrCat(std::strerror(errno));
    }
    close(fd);
  }
  freeaddrinfo(found);
  return reason;
}

void PrepareProcessForServing() {
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  // False only under a sanitizer's allocator, where there is nothing to tune.
  (void)TuneAllocatorForServing();
}

absl::Status RunServerUntilSignal(const ServerOptions& options,
                                  const std::vector<ServedService>& services,
                                  const std::function<void()>& after_shutdown) {
  PrepareProcessForServing();
  if (options.credentials == nullptr) {
    return absl::FailedPreconditionError(
        "server options without credentials (PrepareServerOptions)");
  }
  if (const std::string warning = TransportWarning(options); !warning.empty()) {
    std::cerr << warning << std::endl;
  }
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return absl::InternalError("无法创建信号管道 cannot create the signal pipe");
  }
  g_signal_pipe_write = pipe_fds[1];
  struct sigaction action = {};
  action.sa_handler = OnShutdownSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
  // SA_RESTART: a SIGHUP must not make a system call of another thread fail with EINTR.
  struct sigaction reload_action = action;
  reload_action.sa_flags = SA_RESTART;
  if (options.on_reload) sigaction(SIGHUP, &reload_action, nullptr);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  // gRPC's built-in health service carries no protobuf descriptor, so reflection listed
  // grpc.health.v1.Health but could not describe it. proto/grpc/health/v1/health.proto's descriptor
  // is in nianbao_proto, a static library: this reference keeps its object (and the registration of
  // the file in the generated pool that reflection serves) from being dropped by the linker.
  (void)::grpc::health::v1::HealthCheckResponse::descriptor();
  grpc::ServerBuilder builder;
  int bound_port = 0;
  builder.AddListeningPort(options.listen, options.credentials, &bound_port);
  builder.SetMaxReceiveMessageSize(options.max_receive_message_bytes);
  // gRPC sets SO_REUSEPORT by default on Linux, which let a second server with another data
  // directory bind the same port and share the calls (each store then held half of the reports).
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, kMaxConcurrentStreamsPerConnection);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS,
                             static_cast<int>(absl::ToInt64Milliseconds(kMaxConnectionAge)));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS,
                             static_cast<int>(absl::ToInt64Milliseconds(kMaxConnectionAgeGrace)));
  grpc::ResourceQuota quota("nianbao-server");
  quota.SetMaxThreads(kMaxServerThreads);
  quota.Resize(static_cast<size_t>(kServerMemoryQuotaBytes));
  builder.SetResourceQuota(quota);
  // The sync API runs each call on a polling thread and, by default, keeps at most 2 idle ones:
  // a handler that blocks (a transition waiting for its group's fdatasync) makes it start a thread
  // and end one per call. Measured on the workflow benchmark at 8 clients: ~2,500 thread
  // creations a second and 15-25 % fewer transitions than with this ceiling.
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS,
                              kSyncServerMaxIdleThreads);
  builder.experimental().SetInterceptorCreators(MalformedRequestInterceptors());
  for (const ServedService& served : services) builder.RegisterService(served.service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || bound_port == 0) {
    const std::string reason = BindFailureReason(options.listen);
    return absl::UnavailableError(absl::StrCat("无法监听 ", options.listen, " (cannot listen on ",
                                               options.listen, ")", reason.empty() ? "" : ": ",
                                               reason));
  }
  server->GetHealthCheckService()->SetServingStatus(true);
  for (const ServedService& served : services) {
    server->GetHealthCheckService()->SetServingStatus(served.full_name, true);
  }
  if (!options.port_file.empty()) {
    if (absl::Status status = WritePortFile(options.port_file, bound_port); !status.ok()) {
      server->Shutdown();
      return status;
    }
  }
  std::cerr << "listening on " << options.listen << " (port " << bound_port << ", "
            << (options.tls.cert_file().empty() ? "plaintext" : "TLS") << ")" << std::endl;

  std::unique_ptr<ServingProbe> probe;
  if (options.serving_probe) {
    probe = std::make_unique<ServingProbe>(options, services, server.get());
  }
  // The self-pipe carries each signal's number: SIGHUP asks for a reload and the wait goes on; any
  // other (SIGTERM, SIGINT) ends it.
  char signal_byte = 0;
  for (;;) {
    const ssize_t got = read(pipe_fds[0], &signal_byte, 1);
    if (got < 0 && errno == EINTR) continue;
    if (got == 1 && signal_byte == SIGHUP && options.on_reload) {
      options.on_reload();
      continue;
    }
    break;
  }
  probe.reset();
  std::cerr << "signal " << static_cast<int>(signal_byte) << ": shutting down" << std::endl;
  server->GetHealthCheckService()->SetServingStatus(false);
  if (options.before_shutdown) options.before_shutdown();
  // Shutdown stops new calls at once and cancels those still running at the deadline.
  server->Shutdown(std::chrono::system_clock::now() +
                   absl::ToChronoMilliseconds(options.shutdown_grace));
  server->Wait();
  if (after_shutdown) after_shutdown();
  // A SIGHUP from here on would find no one to reload: ignored rather than ending the process
  // before it has returned.
  if (options.on_reload) signal(SIGHUP, SIG_IGN);
  g_signal_pipe_write = -1;
  close(pipe_fds[0]);
  close(pipe_fds[1]);
  return absl::OkStatus();
}

}  // namespace nianbao::service

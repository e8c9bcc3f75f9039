// Starts a real server binary (nianbao-validatord, nianbao-workflowd) as a child process for
// integration tests. Servers bind 127.0.0.1:0 and write the port they got to --port_file, so tests
// never collide on ports.
#ifndef NIANBAO_TESTS_SUPPORT_SERVER_PROCESS_H_
#define NIANBAO_TESTS_SUPPORT_SERVER_PROCESS_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace nianbao::testing {

class ServerProcess {
 public:
  ServerProcess() = default;
  ~ServerProcess();  // Sends SIGKILL if still running. (A crashed test kills it too.)
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Runs `binary args... --listen=127.0.0.1:0 --port_file=<port_file>` and waits (up to 30 s)
  // until the port file names the bound port. stdout/stderr go to <port_file>.log. The server is
  // killed when the thread that started it ends (PR_SET_PDEATHSIG), so start it from a thread
  // that outlives it, as a test's own thread does.
  absl::Status Start(const std::string& binary, const std::vector<std::string>& args,
                     const std::string& port_file);
  // "127.0.0.1:PORT" once started.
  const std::string& address() const { return address_; }
  int port() const { return port_; }
  bool running() const { return pid_ > 0; }
  // The child's process id once started (for reading its usage from /proc), else -1.
  pid_t pid() const { return pid_; }
  // SIGTERM, then waits; returns the exit status (WEXITSTATUS, or 128+signal).
  absl::StatusOr<int> Stop();
  // SIGKILL, then waits: a crash, for durability tests.
  void Kill();
  // The server's combined stdout/stderr so far.
  std::string Log() const;

 private:
  absl::StatusOr<int> Wait();
  pid_t pid_ = -1;
  int port_ = 0;
  std::string address_;
  std::string log_path_;
};

// What a command run to completion left: its exit code (128 + signal when killed) and its output.
struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs a command (argv[0] a path, or a name looked up on PATH) to completion, with stdin_data as
// its input and this process's environment plus extra_env (NAME=VALUE; a later one replaces an
// earlier or inherited one of the same name); captures stdout and stderr.
CommandResult RunCommand(const std::vector<std::string>& argv, const std::string& stdin_data = "",
                         const std::vector<std::string>& extra_env = {});

}  // namespace nianbao::testing

#endif  // NIANBAO_TESTS_SUPPORT_SERVER_PROCESS_H_
